import type { ConformanceOperation, HttpRequest, SecurityScheme } from '../model/types';

/** Credentials the engine can add and take away; mutual TLS is outside HTTP's reach. */
const STRIPPABLE = new Set(['apiKey', 'http', 'oauth2', 'openIdConnect']);

export interface Credentials {
  /** The request with credentials for one of the operation's security alternatives. */
  add(request: HttpRequest): HttpRequest;
  /** The request with every credential any alternative could use removed. */
  strip(request: HttpRequest): HttpRequest;
  /** Does the operation require credentials the engine can withhold (`ignored_auth` applies)? */
  readonly required: boolean;
  /** Did the user supply the credentials (`--header`), rather than the engine making them up? */
  readonly userSupplied: boolean;
}

/**
 * Credentials for an operation. When the user passes headers (e.g. `Authorization`), those are
 * used; otherwise the engine makes up well-formed ones, enough for servers that only check
 * presence (the generated skeleton's default) and a clear 401 for servers that verify them.
 */
export function credentialsFor(operation: ConformanceOperation, userHeaders: { readonly [name: string]: string }): Credentials {
  const alternatives = operation.security;
  const anonymous = alternatives.length === 0 || alternatives.some((all) => all.length === 0);
  const usable = alternatives.find((all) => all.length > 0 && all.every((s) => STRIPPABLE.has(s.type)));
  const userNames = new Set(Object.keys(userHeaders).map((n) => n.toLowerCase()));
  const userSupplied = usable !== undefined && usable.every((s) => s.in === 'header' && userNames.has((s.parameterName ?? '').toLowerCase()));
  const all = alternatives.flat().filter((s) => STRIPPABLE.has(s.type));
  return {
    required: !anonymous && usable !== undefined,
    userSupplied,
    add(request) {
      let out = request;
      if (anonymous || !usable) return out;
      for (const scheme of usable) {
        if (scheme.in === 'header' && userNames.has((scheme.parameterName ?? '').toLowerCase())) continue;
        out = addCredential(out, scheme);
      }
      return out;
    },
    strip(request) {
      let out = request;
      for (const scheme of all) out = removeCredential(out, scheme);
      return out;
    },
  };
}

function syntheticValue(scheme: SecurityScheme): string {
  if (scheme.type === 'apiKey') return 'specwright-conformance-key';
  const kind = scheme.scheme ?? 'bearer';
  if (kind === 'basic') return `Basic ${Buffer.from('specwright:conformance').toString('base64')}`;
  if (kind === 'bearer') return 'Bearer specwright-conformance-token';
  return `${kind[0]!.toUpperCase()}${kind.slice(1)} specwright-conformance`;
}

function addCredential(request: HttpRequest, scheme: SecurityScheme): HttpRequest {
  const name = scheme.parameterName ?? 'Authorization';
  const value = syntheticValue(scheme);
  if (scheme.in === 'query') {
    const separator = request.url.includes('?') ? '&' : '?';
    return { ...request, url: `${request.url}${separator}${encodeURIComponent(name)}=${encodeURIComponent(value)}` };
  }
  if (scheme.in === 'cookie') {
    const cookie = `${name}=${encodeURIComponent(value)}`;
    const existing = request.headers.find(([n]) => n.toLowerCase() === 'cookie');
    const headers = existing
      ? request.headers.map(([n, v]): readonly [string, string] => (n.toLowerCase() === 'cookie' ? [n, `${v}; ${cookie}`] : [n, v]))
      : [...request.headers, ['cookie', cookie] as const];
    return { ...request, headers };
  }
  const headers = request.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return { ...request, headers: [...headers, [name, value] as const] };
}

function removeCredential(request: HttpRequest, scheme: SecurityScheme): HttpRequest {
  const name = scheme.parameterName ?? 'Authorization';
  if (scheme.in === 'query') {
    const [path, query] = splitOnce(request.url, '?');
    if (query === undefined) return request;
    const kept = query.split('&').filter((pair) => decodeSafe(pair.split('=')[0] ?? '') !== name);
    return { ...request, url: kept.length > 0 ? `${path}?${kept.join('&')}` : path };
  }
  if (scheme.in === 'cookie') {
    const headers = request.headers
      .map(([n, v]): readonly [string, string] => {
        if (n.toLowerCase() !== 'cookie') return [n, v];
        return [n, v.split(';').map((c) => c.trim()).filter((c) => c.split('=')[0] !== name).join('; ')];
      })
      .filter(([n, v]) => n.toLowerCase() !== 'cookie' || v !== '');
    return { ...request, headers };
  }
  return { ...request, headers: request.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()) };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
