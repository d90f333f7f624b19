/**
 * Collects an operation's declared parameters from a request: finds each raw value (path
 * segment, query pairs, header, cookie), undoes its style, and parses `content`-encoded values.
 * Output is still untyped strings; ajv coerces and validates it next (see validators.ts).
 */
import { readHeader } from './http-header';
import { toPointer } from './json-pointer';
import { isJsonMediaType } from './media-type';
import type { ApiSpec, OperationSpec, ParameterLocation, ParameterSpec } from './operation-spec';
import { fromHeaderValue, fromPairs, fromPathValue, type Deserialized, type Pairs } from './parameter-style';
import type { ValidationIssue } from './problem';
import { objectProperties, shapeOf } from './schema-shape';

/** Parameter values by location, each keyed by the parameter's declared name. */
export type ParameterValues = { [L in ParameterLocation]: Record<string, unknown> };

export interface RawParameterSources {
  /** Decoded path parameter values, from path-template.ts. */
  readonly path: { readonly [name: string]: string };
  /** Path parameters whose raw value was not valid percent-encoding. */
  readonly malformedPath: readonly string[];
  readonly url: URL;
  readonly headers: Headers;
}

export function readParameters(
  operation: OperationSpec,
  sources: RawParameterSources,
  components: ApiSpec['components']['schemas'],
): { readonly values: ParameterValues; readonly issues: readonly ValidationIssue[] } {
  // Null-prototype records: keys are spec names, which may be `__proto__` or `constructor`; an
  // absent `constructor` must read as undefined (for handlers too), and assigning `__proto__`
  // must store the value rather than replace the prototype.
  const values: ParameterValues = { path: record(), query: record(), header: record(), cookie: record() };
  const issues: ValidationIssue[] = [];
  const query = queryPairs(sources.url);
  const cookies = cookiePairs(sources.headers.get('cookie'));

  for (const parameter of operation.parameters) {
    const options = { ...parameter, shape: shapeOf(parameter.schema, components) };
    let result: Deserialized | undefined;
    if (parameter.in === 'path' && sources.malformedPath.includes(parameter.name)) {
      result = { ok: false, message: 'is not valid percent-encoding' };
    } else if (parameter.contentType !== undefined) {
      result = parseContent(parameter, rawContentValue(parameter, sources, query, cookies));
    } else if (parameter.in === 'path') {
      const text = sources.path[parameter.name];
      result = text === undefined ? undefined : fromPathValue(text, options);
    } else if (parameter.in === 'header') {
      const text = readHeader(sources.headers, parameter.name);
      result = text === null ? undefined : fromHeaderValue(text, options);
    } else {
      const pairs = parameter.in === 'query' ? query : cookies;
      const owns = options.shape === 'object' && parameter.explode ? ownsKey(parameter, operation, components) : () => false;
      result = fromPairs(pairs, options, owns);
    }
    // Absent values are simply left out: ajv reports the required ones by name.
    if (result?.ok) {
      values[parameter.in][parameter.name] = result.value;
    } else if (result) {
      issues.push({ in: parameter.in, name: parameter.name, pointer: toPointer([parameter.name]), message: result.message });
    }
  }
  return { values, issues };
}

/**
 * Which top-level query/cookie names belong to a form-exploded object parameter: its declared
 * properties, plus, only when it explicitly allows additional properties, every name that no
 * other parameter claims.
 */
function ownsKey(
  parameter: ParameterSpec,
  operation: OperationSpec,
  components: ApiSpec['components']['schemas'],
): (key: string) => boolean {
  const { names, open } = objectProperties(parameter.schema, components);
  const others = operation.parameters.filter((p) => p.in === parameter.in && p !== parameter);
  const claimed = (key: string): boolean =>
    others.some((p) => p.name === key || (p.style === 'deepObject' && key.startsWith(`${p.name}[`)));
  return (key) => names.includes(key) || (open && !claimed(key));
}

/** A `content` parameter is one whole value: the first query/cookie value, the header, the segment. */
function rawContentValue(
  parameter: ParameterSpec,
  sources: RawParameterSources,
  query: Pairs,
  cookies: Pairs,
): string | undefined {
  switch (parameter.in) {
    case 'path':
      return sources.path[parameter.name];
    case 'header':
      return readHeader(sources.headers, parameter.name) ?? undefined;
    case 'query':
      return query.get(parameter.name)?.[0];
    case 'cookie':
      return cookies.get(parameter.name)?.[0];
  }
}

function parseContent(parameter: ParameterSpec, text: string | undefined): Deserialized | undefined {
  if (text === undefined) return undefined;
  if (!isJsonMediaType(parameter.contentType ?? '')) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: `is not valid JSON (${parameter.contentType})` };
  }
}

function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function queryPairs(url: URL): Pairs {
  const pairs = new Map<string, string[]>();
  // URLSearchParams decodes `+` and percent-escapes once, and keeps malformed escapes as text.
  for (const [name, value] of url.searchParams) {
    const list = pairs.get(name);
    if (list) list.push(value);
    else pairs.set(name, [value]);
  }
  return pairs;
}

/** `a=1; b=2; a=3` → a: [1, 3], b: [2]. Values are percent-decoded when they are valid escapes. */
export function cookiePairs(header: string | null): Pairs {
  const pairs = new Map<string, string[]>();
  for (const item of header?.split(';') ?? []) {
    const at = item.indexOf('=');
    if (at === -1) continue;
    const name = item.slice(0, at).trim();
    const value = decodeCookieValue(item.slice(at + 1).trim());
    const list = pairs.get(name);
    if (list) list.push(value);
    else pairs.set(name, [value]);
  }
  return pairs;
}

function decodeCookieValue(value: string): string {
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}
