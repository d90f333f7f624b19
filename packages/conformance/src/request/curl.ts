/** An HttpRequest as one copy-pasteable curl command line that sends the same bytes. */
import type { HttpRequest } from '../model/types';
import { printfFormat, quoteBytes, quoteText } from './shell';

const utf8 = new TextEncoder();

/**
 * `curl [-X METHOD] 'URL' -H 'name: value'… [--data-binary BODY]`. Header values go out as
 * Latin-1 bytes, as fetch and Node send them; text bodies as UTF-8. A body with a NUL byte is
 * piped in from `printf` (`--data-binary @-`), since no shell argument can hold one.
 */
export function toCurl(request: HttpRequest, baseUrl: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${request.url}`;
  const body = typeof request.body === 'string' ? utf8.encode(request.body) : request.body;
  const args = ['curl'];

  if (request.method === 'HEAD' && body === undefined) args.push('--head');
  else if (request.method !== 'GET' || body !== undefined) args.push('-X', /^[A-Za-z0-9_-]+$/.test(request.method) ? request.method : quoteText(request.method));
  // curl would otherwise resolve `/./` and `/../` segments, and read `[]{}` as URL globs.
  if (/\/\.{1,2}(?=\/|$)/.test(request.url.split('?')[0])) args.push('--path-as-is');
  if (/[[\]{}]/.test(url)) args.push('--globoff');
  args.push(quoteText(url));

  for (const [name, value] of request.headers) {
    // `-H 'name:'` would delete the header; `-H 'name;'` is curl's way to send it empty.
    args.push('-H', quoteBytes(latin1(value === '' ? `${name};` : `${name}: ${value}`)));
  }
  if (body === undefined) return args.join(' ');

  // With a body, curl adds `Content-Type: application/x-www-form-urlencoded` unless told not to.
  if (!request.headers.some(([name]) => name.toLowerCase() === 'content-type')) args.push('-H', quoteText('Content-Type:'));
  if (body.includes(0)) return `printf ${printfFormat(body)} | ${args.join(' ')} --data-binary @-`;
  // `--data-binary @x` would read the file x; `--data-raw` takes a leading `@` literally.
  const option = body[0] === 0x40 ? '--data-raw' : '--data-binary';
  const quoted = typeof request.body === 'string' ? quoteText(request.body) : quoteBytes(body);
  return `${args.join(' ')} ${option} ${quoted}`;
}

/**
 * Header text as the bytes a client sends: one byte per char up to U+00FF (headerSafe keeps
 * serialised values in that range); anything above, which fetch would refuse, as UTF-8.
 */
function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].flatMap((char) => (char.charCodeAt(0) <= 0xff ? [char.charCodeAt(0)] : [...utf8.encode(char)])));
}
