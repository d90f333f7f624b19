/**
 * The request body limit over a real HTTP connection (node:http via @hono/node-server): a body
 * over the limit is refused with 413 before it is read whole, whether it declares its length or
 * streams in chunks.
 */
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BODY_LIMIT } from './body-limit';
import { createSpecApp, type SpecAppOptions } from './create-spec-app';
import type { HandlerContext } from './handler';
import type { ProblemDetails } from './problem';
import { apiSpec, op } from './__fixtures__/specs';

const jsonBody = { required: true, content: { 'application/json': { schema: { type: 'string' } } } };
const spec = apiSpec([
  op('post', '/notes', 'createNote', { requestBody: jsonBody }),
  op('post', '/uploads', 'upload', { requestBody: { required: true, content: { 'application/octet-stream': {} } } }),
]);

/** Answers with how many bytes (or characters) of body the handler received. */
const size = ({ body }: HandlerContext) => ({ status: 200, body: { size: typeof body === 'string' ? body.length : (body as Uint8Array).byteLength } });

async function listen(app: Hono): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

interface Sent {
  readonly status: number;
  readonly text: string;
  /** Body bytes the client had handed to the socket when the response arrived. */
  readonly bytesWritten: number;
}

/**
 * POSTs `total` bytes in 64 KiB chunks, respecting backpressure, and stops writing as soon as
 * the response arrives. Without `contentLength` the body is chunked (no length up front); with
 * it, that Content-Length is declared whatever is actually sent.
 */
function post(url: string, total: number, options: { contentLength?: number; contentType?: string; fill?: string } = {}): Promise<Sent> {
  const chunk = Buffer.alloc(64 * 1024, options.fill ?? 'a');
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const outgoing = request(url, { method: 'POST' }, (incoming) => {
      answered = true;
      const bytesWritten = written;
      const chunks: Buffer[] = [];
      incoming.on('data', (data: Buffer) => chunks.push(data));
      incoming.on('end', () => {
        resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString(), bytesWritten });
        outgoing.destroy();
      });
      incoming.on('error', reject);
    });
    // The server may close the connection while the client still writes: that is the point.
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    outgoing.setHeader('content-type', options.contentType ?? 'application/octet-stream');
    if (options.contentLength !== undefined) outgoing.setHeader('content-length', options.contentLength);
    const write = (): void => {
      while (!answered && written < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
        written += piece.length;
        if (!outgoing.write(piece)) {
          outgoing.once('drain', write);
          return;
        }
      }
      if (!answered && options.contentLength === undefined) outgoing.end();
    };
    write();
  });
}

describe('request body limit', () => {
  describe('with the default limit', () => {
    let server: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      server = await listen(createSpecApp(spec, { createNote: size, upload: size }));
    });
    afterAll(() => server.close());

    it('is 1 MiB: a body of exactly 1 MiB is read, one byte more is 413 problem+json naming the limit', async () => {
      const within = await post(`${server.base}/uploads`, DEFAULT_BODY_LIMIT, { contentLength: DEFAULT_BODY_LIMIT });
      expect(within.status).toBe(200);
      expect(JSON.parse(within.text)).toEqual({ size: DEFAULT_BODY_LIMIT });

      const over = await post(`${server.base}/uploads`, DEFAULT_BODY_LIMIT + 1, { contentLength: DEFAULT_BODY_LIMIT + 1 });
      expect(over.status).toBe(413);
      expect(JSON.parse(over.text) as ProblemDetails).toEqual({
        type: 'about:blank',
        title: 'Content Too Large',
        status: 413,
        detail: 'The request body is larger than the limit of 1048576 bytes (1 MiB)',
      });
    });

    it('refuses a declared Content-Length over the limit before reading the body', async () => {
      // 200 MB declared, and the client stops writing once answered: a server that waited for
      // the body (to buffer or count it) would never answer, and the test would time out.
      const over = await post(`${server.base}/uploads`, 200e6, { contentLength: 200e6 });
      expect(over.status).toBe(413);
      expect(over.bytesWritten).toBeLessThan(32 * 1024 * 1024);
    });

    it('cuts a chunked body off while it streams, long before its end', async () => {
      const over = await post(`${server.base}/uploads`, 200e6);
      expect(over.status).toBe(413);
      expect(JSON.parse(over.text)).toMatchObject({ status: 413, title: 'Content Too Large' });
      // What the client got into the socket before the answer: the limit, plus what the kernel's
      // socket buffers and the stream's queues hold on the way; nowhere near the 200 MB.
      expect(over.bytesWritten).toBeLessThan(32 * 1024 * 1024);
    });

    it('reads a chunked body within the limit', async () => {
      const within = await post(`${server.base}/uploads`, 300 * 1024);
      expect(within.status).toBe(200);
      expect(JSON.parse(within.text)).toEqual({ size: 300 * 1024 });
    });
  });

  describe('configured with createSpecApp({ bodyLimit })', () => {
    const apps: Array<Awaited<ReturnType<typeof listen>>> = [];
    const serve = async (options: SpecAppOptions) => {
      const server = await listen(createSpecApp(spec, { createNote: size, upload: size }, options));
      apps.push(server);
      return server.base;
    };
    afterAll(() => Promise.all(apps.map((server) => server.close())));

    it('takes a number of bytes for every operation', async () => {
      const base = await serve({ bodyLimit: 10 });
      const small = await fetch(`${base}/notes`, { method: 'POST', body: '"12345678"', headers: { 'content-type': 'application/json' } });
      expect(small.status).toBe(200);
      const large = await fetch(`${base}/notes`, { method: 'POST', body: '"123456789"', headers: { 'content-type': 'application/json' } });
      expect(large.status).toBe(413);
      expect(((await large.json()) as ProblemDetails).detail).toBe('The request body is larger than the limit of 10 bytes');
    });

    it('takes a function for a limit per operation', async () => {
      const base = await serve({ bodyLimit: (operation) => (operation.operationId === 'upload' ? 4 * 1024 * 1024 : 1024) });
      expect((await post(`${base}/uploads`, 3 * 1024 * 1024)).status).toBe(200);
      expect((await post(`${base}/uploads`, 5 * 1024 * 1024)).status).toBe(413);
      const note = await post(`${base}/notes`, 2048, { contentType: 'application/json', fill: '"' });
      expect(note.status).toBe(413);
      expect(JSON.parse(note.text)).toMatchObject({ detail: 'The request body is larger than the limit of 1024 bytes (1 KiB)' });
    });

    it('is off with Infinity', async () => {
      const base = await serve({ bodyLimit: Infinity });
      expect((await post(`${base}/uploads`, 2 * DEFAULT_BODY_LIMIT)).status).toBe(200);
    });

    it('rejects a limit that is not a number of bytes when the app is created', () => {
      expect(() => createSpecApp(spec, {}, { bodyLimit: -1 })).toThrow('bodyLimit for operation "createNote" must be a number of bytes >= 0 (or Infinity); got -1');
      expect(() => createSpecApp(spec, {}, { bodyLimit: () => Number.NaN })).toThrow(TypeError);
    });
  });
});
