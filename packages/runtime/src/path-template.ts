/**
 * OpenAPI path templates → Hono routes, plus extraction of path parameter values.
 *
 * Hono only understands whole-segment parameters (`/:id`), but OpenAPI allows a segment to mix
 * literals and parameters (`/compare/{base}...{head}`, `/files/{name}.{ext}`, `/{name}:verb`).
 * Such a segment is registered with Hono as one anonymous parameter, so Hono narrows the
 * candidates, and this module then matches the raw segment against a regex built from the
 * template. A candidate whose regex does not match is skipped, and the next route is tried.
 *
 * Values are read from the raw (still percent-encoded) URL path rather than from Hono's
 * params, so that each value is percent-decoded exactly once, and so that a delimiter that a
 * client percent-encoded (`a%2E%2E%2Eb`) is data, not a delimiter.
 */

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  /** Mixed literal/parameter text, or a literal with characters Hono would read as syntax. */
  | { readonly kind: 'pattern'; readonly regex: RegExp; readonly names: readonly string[] };

export interface PathTemplate {
  /** The OpenAPI template, e.g. `/pets/{petId}`. */
  readonly template: string;
  /** The Hono route registered for it, e.g. `/pets/:p1`. */
  readonly route: string;
  readonly segments: readonly Segment[];
}

/** The outcome of matching a request path against a template that Hono already selected. */
export type PathMatch =
  | { readonly matched: false }
  | {
      readonly matched: true;
      /** Decoded values by parameter name. */
      readonly params: { readonly [name: string]: string };
      /** Names of parameters whose raw value was not valid percent-encoding. */
      readonly malformed: readonly string[];
    };

const PARAM = /\{([^{}]+)\}/;
/** Characters that are route syntax for Hono (`*` wildcard, `:` param, `{}` regex, `?` optional). */
const HONO_SYNTAX = /[*:{}?]/;

export function parsePathTemplate(template: string): PathTemplate {
  const segments = template
    .slice(1)
    .split('/')
    .map(parseSegment);
  const route =
    '/' +
    segments
      .map((segment, index) => (segment.kind === 'literal' ? segment.text : `:p${index}`))
      .join('/');
  return { template, route, segments };
}

function parseSegment(text: string): Segment {
  const whole = /^\{([^{}]+)\}$/.exec(text);
  if (whole) return { kind: 'param', name: whole[1] };
  if (!PARAM.test(text) && !HONO_SYNTAX.test(text)) return { kind: 'literal', text };
  // split with a capture group alternates literal text and parameter names.
  const parts = text.split(new RegExp(PARAM.source));
  const names = parts.filter((_, i) => i % 2 === 1);
  // Lazy groups: with several parameters the leftmost delimiter wins (`a...b...c` → `a`, `b...c`).
  const source = parts.map((part, i) => (i % 2 === 1 ? '(.+?)' : escapeRegExp(part))).join('');
  return { kind: 'pattern', regex: new RegExp(`^${source}$`), names };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matches the raw URL pathname. Only the last segments are compared, as many as the template
 * has, so an app mounted under a prefix (`parent.route('/v1', app)`) still works.
 */
export function matchPath(template: PathTemplate, rawPathname: string): PathMatch {
  const raw = rawPathname.slice(1).split('/');
  if (raw.length < template.segments.length) return { matched: false };
  const tail = raw.slice(raw.length - template.segments.length);
  // Null prototype: parameter names come from the spec and may be `__proto__` or `constructor`.
  const params = Object.create(null) as Record<string, string>;
  const malformed: string[] = [];
  const assign = (name: string, rawValue: string): void => {
    try {
      params[name] = decodeURIComponent(rawValue);
    } catch {
      params[name] = rawValue;
      malformed.push(name);
    }
  };
  for (const [index, segment] of template.segments.entries()) {
    const rawSegment = tail[index];
    if (segment.kind === 'param') {
      assign(segment.name, rawSegment);
    } else if (segment.kind === 'pattern') {
      const found = segment.regex.exec(rawSegment);
      if (!found) return { matched: false };
      segment.names.forEach((name, i) => assign(name, found[i + 1]));
    }
    // Literal segments were matched by Hono (which compares them decoded).
  }
  return { matched: true, params, malformed };
}

const RANK = { literal: 0, pattern: 1, param: 2 } as const;

/**
 * Orders templates most specific first: segment by segment, literal before mixed before pure
 * parameter. Hono runs matching routes in registration order, so registering in this order
 * makes `/pets/mine` win over `/pets/{petId}`, as OpenAPI requires.
 */
export function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const diff = RANK[a.segments[i].kind] - RANK[b.segments[i].kind];
    if (diff !== 0) return diff;
  }
  return a.segments.length - b.segments.length || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0);
}
