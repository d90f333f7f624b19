/**
 * OpenAPI parameter styles (RFC 6570 underneath), the inverse of the runtime's
 * parameter-style.ts. Every function takes an `encode` for data, so that the delimiters the style
 * adds stay literal while the same characters inside data are escaped as the location requires.
 *
 * Reference: https://spec.openapis.org/oas/v3.1.0#style-values
 */
import type { ParameterStyle } from '@specwright/runtime';
import { entriesOf, kindOf, scalarText } from './values';

export type Encode = (text: string) => string;

/** A query or cookie pair, both sides already encoded. */
export type Pair = readonly [name: string, value: string];

const items = (value: readonly unknown[], encode: Encode): string[] => value.map((item) => encode(scalarText(item)));

/** `k,v,k2,v2` (explode: false) or `k=v,k2=v2` (explode: true), with `separator` between items. */
function objectItems(value: Readonly<Record<string, unknown>>, explode: boolean, encode: Encode, separator: string): string {
  const entries = entriesOf(value);
  if (explode) return entries.map(([key, item]) => `${encode(key)}=${encode(scalarText(item))}`).join(separator);
  return entries.flatMap(([key, item]) => [encode(key), encode(scalarText(item))]).join(',');
}

/** `simple` (paths and headers): `blue`, `blue,black`, `R,100,G,200` or `R=100,G=200`. */
export function simpleStyle(value: unknown, explode: boolean, encode: Encode): string {
  switch (kindOf(value)) {
    case 'array':
      return items(value as unknown[], encode).join(',');
    case 'object':
      return objectItems(value as Record<string, unknown>, explode, encode, ',');
    case 'scalar':
      return encode(scalarText(value));
  }
}

/** `label`: `.blue`, `.blue,black` or `.blue.black` (explode), `.R,100` or `.R=100.G=200` (explode). */
export function labelStyle(value: unknown, explode: boolean, encode: Encode): string {
  switch (kindOf(value)) {
    case 'array':
      return `.${items(value as unknown[], encode).join(explode ? '.' : ',')}`;
    case 'object':
      return `.${objectItems(value as Record<string, unknown>, explode, encode, '.')}`;
    case 'scalar':
      return `.${encode(scalarText(value))}`;
  }
}

/**
 * `matrix`: `;color=blue`, `;color=blue,black`, `;color=blue;color=black` (explode),
 * `;color=R,100` or `;R=100;G=200` (explode). As in RFC 6570, an empty value drops its `=`
 * (`;color`) and an exploded empty list or object is nothing at all.
 */
export function matrixStyle(name: string, value: unknown, explode: boolean, encode: Encode): string {
  const pair = (key: string, text: string): string => (text === '' ? `;${key}` : `;${key}=${text}`);
  const encodedName = encode(name);
  switch (kindOf(value)) {
    case 'array': {
      const list = items(value as unknown[], encode);
      return explode ? list.map((item) => pair(encodedName, item)).join('') : pair(encodedName, list.join(','));
    }
    case 'object': {
      if (!explode) return pair(encodedName, objectItems(value as Record<string, unknown>, false, encode, ','));
      return entriesOf(value as Record<string, unknown>)
        .map(([key, item]) => pair(encode(key), encode(scalarText(item))))
        .join('');
    }
    case 'scalar':
      return pair(encodedName, encode(scalarText(value)));
  }
}

/** The delimiter of a non-exploded list in a query or cookie, already encoded for the URL. */
function listDelimiter(style: ParameterStyle): string {
  return style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
}

/**
 * Query and cookie styles as name/value pairs: `form` (`color=blue,black`, or one pair per item
 * or property when exploded), `spaceDelimited`, `pipeDelimited`, and `deepObject`. Exploded
 * space/pipe-delimited values are written like exploded `form`, which is all RFC 6570 allows.
 */
export function pairStyle(name: string, value: unknown, style: ParameterStyle, explode: boolean, encode: Encode): Pair[] {
  if (style === 'deepObject') return deepObjectPairs(encode(name), value, encode);
  const encodedName = encode(name);
  switch (kindOf(value)) {
    case 'array': {
      const list = items(value as unknown[], encode);
      return explode ? list.map((item) => [encodedName, item]) : [[encodedName, list.join(listDelimiter(style))]];
    }
    case 'object': {
      const record = value as Record<string, unknown>;
      if (explode) return entriesOf(record).map(([key, item]) => [encode(key), encode(scalarText(item))]);
      const flat = entriesOf(record).flatMap(([key, item]) => [encode(key), encode(scalarText(item))]);
      return [[encodedName, flat.join(listDelimiter(style))]];
    }
    case 'scalar':
      return [[encodedName, encode(scalarText(value))]];
  }
}

/**
 * `deepObject`: `filter[color]=red&filter[size][min]=1`, brackets percent-encoded as RFC 3986
 * requires in a query. OpenAPI leaves nesting undefined; this follows the common reading:
 * objects nest by key, lists of scalars repeat the key (`filter[ids]=1&filter[ids]=2`), and
 * structured list items take their index (`filter[items][0][a]=1`).
 */
function deepObjectPairs(prefix: string, value: unknown, encode: Encode): Pair[] {
  const key = (segment: string): string => `${prefix}%5B${encode(segment)}%5D`;
  switch (kindOf(value)) {
    case 'object':
      return entriesOf(value as Record<string, unknown>).flatMap(([name, item]) => deepObjectPairs(key(name), item, encode));
    case 'array':
      return (value as unknown[]).flatMap((item, index) =>
        kindOf(item) === 'scalar' ? [[prefix, encode(scalarText(item))] as const] : deepObjectPairs(key(String(index)), item, encode),
      );
    case 'scalar':
      return [[prefix, encode(scalarText(value))]];
  }
}
