/**
 * Enforces an operation's declared `security`: at least one alternative must have all of its
 * credentials present (and, when the app supplies `authenticate`, accepted), else 401.
 *
 * Presence alone proves nothing about who is calling; it is what the runtime can check without
 * knowing the app's users. It makes a generated skeleton honour the spec (a request without
 * credentials never reaches a handler) until the app plugs real verification into `authenticate`.
 */
import type { Context } from 'hono';
import type { OperationSpec, SecurityRequirementSpec, SecuritySchemeSpec } from './operation-spec';
import { problemResponse } from './problem';
import { cookiePairs } from './read-parameters';
import { readHeader } from './http-header';

export interface AuthenticateRequest {
  readonly operationId: string;
  /** The scheme's key in `components.securitySchemes`, e.g. `apiKey`, `bearerAuth`. */
  readonly scheme: string;
  /**
   * apiKey: the header, query parameter or cookie value. http, oauth2, openIdConnect: what
   * follows the scheme token in `Authorization` (the bearer token; for Basic, still base64 of
   * `user:password`).
   */
  readonly credentials: string;
  /** The same Hono context handlers get, e.g. to `set` the authenticated principal for them. */
  readonly context: Context;
}

/**
 * Verifies one credential. Only `true` accepts: any other result (including a JavaScript caller's
 * `undefined`) rejects, so a half-written verifier fails closed. A throw becomes a 500 reported
 * to `onError`, like a handler's.
 */
export type Authenticate = (request: AuthenticateRequest) => boolean | Promise<boolean>;

/** Realm for challenges that need one (Basic requires it, RFC 7617); the spec names none. */
const REALM = 'api';

/**
 * `undefined` when the request may proceed, else the 401 problem. Alternatives are tried in spec
 * order; the first whose credentials are all present and all accepted admits the request. A
 * scheme shared by several alternatives is verified once per request.
 */
export async function checkSecurity(
  c: Context,
  operation: OperationSpec,
  authenticate: Authenticate | undefined,
): Promise<Response | undefined> {
  const alternatives = operation.security ?? [];
  // No security, or anonymous access is one of the alternatives (`{}` in the spec): then the
  // spec does not require credentials, and any that are sent are the handler's business.
  if (alternatives.length === 0 || alternatives.some((requirement) => requirement.length === 0)) return undefined;

  const url = new URL(c.req.url);
  const headers = c.req.raw.headers;
  const found = alternatives.map((requirement) =>
    requirement.map((scheme) => ({ scheme, credentials: credentialsFor(scheme, headers, url) })),
  );
  const complete = found.filter((requirement) => requirement.every((part) => part.credentials !== undefined));
  if (complete.length === 0) {
    const missing = found.map((requirement) => requirement.filter((part) => part.credentials === undefined).map((part) => part.scheme));
    return unauthorized(`missing credentials: ${describeAlternatives(missing)}`, alternatives, new Set());
  }
  if (!authenticate) return undefined;

  const verdicts = new Map<string, Promise<boolean>>();
  const rejected = new Set<string>();
  for (const requirement of complete) {
    let accepted = true;
    for (const { scheme, credentials } of requirement) {
      // mutualTLS has no in-process credentials to hand over (see credentialsFor).
      if (typeof credentials !== 'string') continue;
      let verdict = verdicts.get(scheme.scheme);
      if (!verdict) {
        verdict = Promise.resolve(
          authenticate({ operationId: operation.operationId, scheme: scheme.scheme, credentials, context: c }),
        ).then((result) => result === true);
        verdicts.set(scheme.scheme, verdict);
      }
      if (!(await verdict)) {
        rejected.add(scheme.scheme);
        accepted = false;
        break;
      }
    }
    if (accepted) return undefined;
  }
  const schemes = complete.flat().map((part) => part.scheme).filter((scheme) => rejected.has(scheme.scheme));
  return unauthorized(`invalid credentials: ${unique(schemes.map(describeScheme)).join(', ')}`, alternatives, rejected);
}

/** Marks a mutualTLS scheme as satisfied without carrying a credential. */
const MUTUAL_TLS = Symbol('mutualTLS');

/** The credential a scheme needs, if the request carries it non-empty; `undefined` when missing. */
function credentialsFor(scheme: SecuritySchemeSpec, headers: Headers, url: URL): string | typeof MUTUAL_TLS | undefined {
  switch (scheme.type) {
    case 'apiKey': {
      if (scheme.name === undefined) return undefined;
      if (scheme.in === 'header') return nonEmpty(readHeader(headers, scheme.name));
      if (scheme.in === 'query') return url.searchParams.getAll(scheme.name).find((value) => value !== '');
      if (scheme.in === 'cookie') return cookiePairs(headers.get('cookie')).get(scheme.name)?.find((value) => value !== '');
      return undefined;
    }
    case 'http':
      return scheme.httpScheme === undefined ? undefined : authorization(headers, scheme.httpScheme);
    case 'oauth2':
    case 'openIdConnect':
      return authorization(headers, 'bearer');
    case 'mutualTLS':
      // The client certificate is verified during the TLS handshake, by whatever terminates TLS
      // (Node's https server, a proxy), and a fetch Request does not expose it. A deployment that
      // declares mutualTLS must enforce it there; in-process it counts as satisfied.
      return MUTUAL_TLS;
    default:
      // A scheme type this runtime does not know cannot be checked: fail closed.
      return undefined;
  }
}

/** The credentials of `Authorization: <scheme> <credentials>` when the scheme token matches. */
function authorization(headers: Headers, httpScheme: string): string | undefined {
  const match = /^([^\s]+)\s+(.+)$/.exec(headers.get('authorization')?.trim() ?? '');
  if (!match || (match[1] as string).toLowerCase() !== httpScheme.toLowerCase()) return undefined;
  return nonEmpty(match[2]);
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * 401 problem. RFC 9110 requires a WWW-Authenticate challenge on 401; apiKey has no standard
 * challenge, so the header is only sent when an Authorization-based scheme is acceptable.
 */
function unauthorized(detail: string, alternatives: readonly SecurityRequirementSpec[], rejected: ReadonlySet<string>): Response {
  let challenges = unique(alternatives.flat().flatMap((scheme) => challengeFor(scheme, rejected.has(scheme.scheme))));
  if (challenges.includes(INVALID_BEARER)) challenges = challenges.filter((challenge) => challenge !== 'Bearer');
  return problemResponse(401, detail, challenges.length > 0 ? { headers: { 'www-authenticate': challenges.join(', ') } } : {});
}

const INVALID_BEARER = 'Bearer error="invalid_token"';

function challengeFor(scheme: SecuritySchemeSpec, rejected: boolean): string[] {
  const token = authorizationScheme(scheme);
  if (token === undefined) return [];
  // RFC 6750 §3.1: a rejected bearer token is answered with error="invalid_token".
  if (token === 'Bearer') return [rejected ? INVALID_BEARER : 'Bearer'];
  return [`${token} realm="${REALM}"`];
}

/** `Bearer`, `Basic`: the Authorization scheme token a scheme uses, if it uses Authorization. */
function authorizationScheme(scheme: SecuritySchemeSpec): string | undefined {
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return 'Bearer';
  if (scheme.type !== 'http' || !scheme.httpScheme) return undefined;
  return scheme.httpScheme.charAt(0).toUpperCase() + scheme.httpScheme.slice(1).toLowerCase();
}

/** `header X-API-Key (apiKey)`, `Authorization: Bearer (bearerAuth)`. */
function describeScheme(scheme: SecuritySchemeSpec): string {
  const token = authorizationScheme(scheme);
  if (token !== undefined) return `Authorization: ${token} (${scheme.scheme})`;
  if (scheme.type === 'apiKey') {
    const where = scheme.in === 'query' ? 'query parameter' : (scheme.in ?? 'apiKey');
    return `${where} ${scheme.name ?? '?'} (${scheme.scheme})`;
  }
  return `${scheme.type} (${scheme.scheme})`;
}

/** What each alternative still lacks: parts joined by `and`, alternatives by `or`. */
function describeAlternatives(missing: readonly (readonly SecuritySchemeSpec[])[]): string {
  const texts = unique(missing.map((parts) => parts.map(describeScheme).join(' and ')));
  return texts.length === 1 ? (texts[0] as string) : texts.map((text) => (text.includes(' and ') ? `(${text})` : text)).join(' or ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
