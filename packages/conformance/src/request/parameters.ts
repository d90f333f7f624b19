/**
 * Parameters of a case → the URL path, query pairs, header fields and cookie pairs, each value
 * serialised per its declared style/explode (or `content` media type) and encoded for where it
 * goes. Values the operation does not declare (credentials, say) are still sent, in the default
 * style of their location.
 */
import type { ConformanceOperation, ConformanceParameter, ParameterSpec, RequestCase } from '../model/types';
import { encodeCookieData, encodePathData, encodePathLiteral, encodeQueryData, headerSafe } from './encode';
import { isJsonMediaType } from '@specwright/runtime';
import { labelStyle, matrixStyle, pairStyle, simpleStyle, type Encode, type Pair } from './styles';
import { jsonText, scalarText } from './values';

type Location = ParameterSpec['in'];

export interface SerializedParameters {
  /** Percent-encoded path, starting with `/`. */
  readonly path: string;
  readonly query: readonly Pair[];
  readonly headers: readonly (readonly [string, string])[];
  readonly cookies: readonly Pair[];
}

/** How an undeclared value is written: the defaults core applies to a declared one. */
type Style = Pick<ParameterSpec, 'style' | 'explode' | 'allowReserved' | 'contentType'>;
const DEFAULT_STYLE: { readonly [L in Location]: Style } = {
  path: { style: 'simple', explode: false },
  header: { style: 'simple', explode: false },
  query: { style: 'form', explode: true },
  cookie: { style: 'form', explode: true },
};

const CASE_KEY = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;

export function serializeParameters(operation: ConformanceOperation, requestCase: RequestCase): SerializedParameters {
  const query: Pair[] = [];
  const headers: [string, string][] = [];
  const cookies: Pair[] = [];
  for (const [location, name, value, style] of sentValues(operation, requestCase, ['query', 'header', 'cookie'])) {
    if (location === 'header') headers.push([name, headerValue(value, style)]);
    else if (location === 'query') query.push(...queryPairs(name, value, style));
    else cookies.push(...cookiePairs(name, value, style));
  }
  return { path: expandPath(operation, requestCase), query, headers, cookies };
}

/** Declared parameters in spec order, then undeclared case values, skipping `undefined`. */
function* sentValues(
  operation: ConformanceOperation,
  requestCase: RequestCase,
  locations: readonly Location[],
): Generator<readonly [Location, string, unknown, Style]> {
  for (const location of locations) {
    const values = requestCase[CASE_KEY[location]];
    const declared = operation.parameters.filter((parameter) => parameter.in === location);
    for (const parameter of declared) {
      const value = Object.hasOwn(values, parameter.name) ? values[parameter.name] : undefined;
      if (value !== undefined) yield [location, parameter.name, value, parameter];
    }
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined && !declared.some((parameter) => parameter.name === name)) {
        yield [location, name, value, DEFAULT_STYLE[location]];
      }
    }
  }
}

/**
 * Fills the template's `{name}`s. A path value that is absent (or `undefined`) is sent as an
 * empty segment: the URL still has to be complete, and this is the closest thing to "not sent".
 */
function expandPath(operation: ConformanceOperation, requestCase: RequestCase): string {
  const parts = operation.path.split(/\{([^{}]+)\}/);
  return parts
    .map((part, index) => {
      if (index % 2 === 0) return encodePathLiteral(part);
      const value = Object.hasOwn(requestCase.path, part) ? requestCase.path[part] : undefined;
      if (value === undefined) return '';
      return pathValue(part, value, declaredStyle(operation.parameters, 'path', part));
    })
    .join('');
}

function declaredStyle(parameters: readonly ConformanceParameter[], location: Location, name: string): Style {
  return parameters.find((parameter) => parameter.in === location && parameter.name === name) ?? DEFAULT_STYLE[location];
}

/** A `content` parameter is one opaque value: JSON text for a JSON media type, else plain text. */
function contentText(contentType: string, value: unknown): string {
  return isJsonMediaType(contentType) ? jsonText(value) : scalarText(value);
}

function pathValue(name: string, value: unknown, style: Style): string {
  if (style.contentType !== undefined) return encodePathData(contentText(style.contentType, value));
  if (style.style === 'label') return labelStyle(value, style.explode, encodePathData);
  if (style.style === 'matrix') return matrixStyle(name, value, style.explode, encodePathData);
  return simpleStyle(value, style.explode, encodePathData);
}

function headerValue(value: unknown, style: Style): string {
  if (style.contentType !== undefined) return headerSafe(contentText(style.contentType, value));
  // Headers only have `simple`; whatever else is declared is read as simple too.
  return headerSafe(simpleStyle(value, style.explode, headerSafe));
}

function queryPairs(name: string, value: unknown, style: Style): Pair[] {
  const encode: Encode = (text) => encodeQueryData(text, style.allowReserved ?? false);
  if (style.contentType !== undefined) return [[encode(name), encode(contentText(style.contentType, value))]];
  return pairStyle(name, value, style.style, style.explode, encode);
}

function cookiePairs(name: string, value: unknown, style: Style): Pair[] {
  if (style.contentType !== undefined) return [[encodeCookieData(name), encodeCookieData(contentText(style.contentType, value))]];
  return pairStyle(name, value, style.style, style.explode, encodeCookieData);
}
