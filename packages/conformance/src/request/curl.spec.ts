/**
 * toCurl, checked by running it: each command goes through `bash -c` to a recording node:http
 * server, and what arrives (method, raw URL, headers, body bytes) must be what the HttpRequest says.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { HttpRequest, RequestCase } from '../model/types';
import { media, operation, parameter } from './__fixtures__/echo-app';
import { serializeRequest, toCurl, withHeader, withMethod } from './index';

const hasCurl = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).status === 0;

interface Received {
  readonly method: string;
  readonly url: string;
  /** Raw header pairs, names lower-cased, values as Node reads them (Latin-1). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

describe('toCurl (format)', () => {
  const base = 'http://127.0.0.1:3000/';

  it('omits -X for a plain GET, uses --head for HEAD, and stays on one line', () => {
    expect(toCurl({ method: 'GET', url: '/pets?limit=2', headers: [['accept', 'application/json']] }, base)).toBe(
      "curl 'http://127.0.0.1:3000/pets?limit=2' -H 'accept: application/json'",
    );
    expect(toCurl({ method: 'HEAD', url: '/pets', headers: [] }, base)).toBe("curl --head 'http://127.0.0.1:3000/pets'");
    expect(toCurl({ method: 'POST', url: '/p', headers: [['content-type', 'text/plain']], body: "it's\r\nok" }, base)).toBe(
      "curl -X POST 'http://127.0.0.1:3000/p' -H 'content-type: text/plain' --data-binary $'it\\'s\\r\\nok'",
    );
  });

  it('quotes single quotes, sends empty headers with ";", and suppresses curl’s default Content-Type', () => {
    expect(toCurl({ method: 'PUT', url: "/a'b", headers: [['x-empty', '']], body: '{}' }, base)).toBe(
      "curl -X PUT 'http://127.0.0.1:3000/a'\\''b' -H 'x-empty;' -H 'Content-Type:' --data-binary '{}'",
    );
  });
});

(hasCurl ? describe : describe.skip)('toCurl (executed against a recording server)', () => {
  let server: Server;
  let baseUrl: string;
  let last: Received | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i].toLowerCase(), req.rawHeaders[i + 1]]);
        last = { method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks) };
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function run(request: HttpRequest): Promise<Received> {
    last = undefined;
    const command = toCurl(request, baseUrl);
    expect(command).not.toMatch(/[\r\n]/);
    await new Promise<void>((resolve, reject) =>
      execFile('bash', ['-c', `${command} --silent --show-error --output /dev/null`], { timeout: 10_000 }, (error, _, stderr) =>
        error ? reject(new Error(`${command}\n${stderr}`)) : resolve(),
      ),
    );
    if (!last) throw new Error('the server saw no request');
    return last;
  }

  async function expectSent(request: HttpRequest): Promise<Received> {
    const received = await run(request);
    expect(received.method).toBe(request.method);
    expect(received.url).toBe(request.url);
    for (const [name, value] of request.headers) expect(received.headers).toContainEqual([name.toLowerCase(), value]);
    const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
    expect(received.body.equals(body)).toBe(true);
    return received;
  }

  const caseOf = (values: Partial<Omit<RequestCase, 'operationId'>>): RequestCase => ({ operationId: 'op', path: {}, query: {}, headers: {}, cookies: {}, ...values });
  const op = operation('op', 'post', '/items/{id}', {
    parameters: [
      parameter('id', 'path', {}, { style: 'label' }),
      parameter('filter', 'query', {}, { style: 'deepObject', explode: true }),
      parameter('q', 'query', {}, { allowReserved: true }),
      parameter('X-Name', 'header', {}),
      parameter('X-Empty', 'header', {}),
      parameter('session', 'cookie', {}),
    ],
    content: [media('application/json'), media('multipart/form-data', { properties: { file: { format: 'binary' } } }), media('text/plain'), media('application/octet-stream')],
  });

  it('sends parameters, Latin-1 headers, empty headers and cookies exactly', async () => {
    const request = serializeRequest(
      op,
      caseOf({
        path: { id: ['a b', 'c'] },
        query: { filter: { color: 'réd' }, q: '[x]/y' },
        headers: { 'X-Name': "José's \"q\"", 'X-Empty': '' },
        cookies: { session: 'a;b c' },
        body: { mediaType: 'application/json', value: { name: "O'Hara", emoji: '😀' } },
      }),
    );
    const received = await expectSent(request);
    expect(received.headers).toContainEqual(['x-name', "José's \"q\""]);
  });

  it('sends a multipart body (CR LF, file bytes) exactly, and a GET with a body', async () => {
    const request = serializeRequest(op, caseOf({ path: { id: 'x' }, body: { mediaType: 'multipart/form-data', value: { text: 'a\r\nb', file: new Uint8Array([1, 2, 255, 0x27, 0x5c]) } } }));
    await expectSent(request);
    await expectSent(withMethod(request, 'get'));
  });

  it('pipes a body with NUL bytes through printf, and takes a leading "@" literally', async () => {
    const nul = serializeRequest(op, caseOf({ body: { mediaType: 'application/octet-stream', value: new Uint8Array([0, 37, 92, 39, 10, 200]) } }));
    expect(toCurl(nul, baseUrl)).toMatch(/^printf '.*' \| curl .* --data-binary @-$/);
    await expectSent(nul);
    const at = serializeRequest(op, caseOf({ body: { mediaType: 'text/plain', value: '@/etc/passwd' } }));
    expect(toCurl(at, baseUrl)).toContain("--data-raw '@/etc/passwd'");
    await expectSent(at);
  });

  it('keeps dot segments, sends other methods, HEAD, and no Content-Type when it was removed', async () => {
    await expectSent(serializeRequest(op, caseOf({ path: { id: '' } }))); // label '' → `/items/.`
    await expectSent({ method: 'DELETE', url: '/items/..', headers: [] });
    await expectSent({ method: 'HEAD', url: '/x', headers: [['accept', '*/*']] });
    const bare = withHeader(serializeRequest(op, caseOf({ body: { mediaType: 'text/plain', value: 'x' } })), 'Content-Type', undefined);
    const received = await expectSent(bare);
    expect(received.headers.map(([name]) => name)).not.toContain('content-type');
  });

  it('reproduces any text body and any Latin-1 header value (property)', async () => {
    const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 20 }), latin1, async (body, header) => {
        const request = serializeRequest(op, caseOf({ headers: { 'X-Name': header }, body: { mediaType: 'text/plain', value: body } }));
        await expectSent(request);
      }),
      { numRuns: 25 },
    );
    // 25 curl processes: a few seconds on a loaded 2-core CI machine.
  }, 60_000);
});
