/** Request bodies by media type, checked by round trip through the runtime and byte for byte. */
import fc from 'fast-check';
import type { RequestCase, SchemaRegistry } from '../model/types';
import { echoApp, media, operation } from './__fixtures__/echo-app';
import { MULTIPART_BOUNDARY, serializeRequest } from './index';

const RUNS = { numRuns: 60 };
/** Strings with CR LF, quotes, reserved characters and any grapheme. */
const text = fc.string({
  unit: fc.oneof(fc.constantFrom(...'\r\n"\'&=+%;,/ é-', '😀', '--'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  maxLength: 10,
});

const formSchema = {
  type: 'object',
  properties: { s: { type: 'string' }, n: { type: 'integer' }, list: { type: 'array', items: { type: 'string' } }, obj: {}, meta: {} },
};
const json = operation('json', 'post', '/json', { content: [media('application/json'), media('application/merge-patch+json')] });
const form = operation('form', 'post', '/form', {
  content: [media('application/x-www-form-urlencoded', formSchema, { meta: { contentType: 'application/json' } })],
});
const multipart = operation('multipart', 'post', '/multipart', {
  content: [
    media(
      'multipart/form-data',
      {
        type: 'object',
        properties: {
          ...formSchema.properties,
          file: { type: 'string', format: 'binary' },
          files: { type: 'array', items: { type: 'string', format: 'binary' } },
          pic: { type: 'string' },
          bytes: {},
        },
      },
      { meta: { contentType: 'application/json' }, pic: { contentType: 'image/png' } },
    ),
  ],
});
const other = operation('other', 'post', '/other', {
  content: [media('text/plain'), media('application/octet-stream'), media('application/xml'), media('*/*')],
});
const app = echoApp([json, form, multipart, other]);

function bodyCase(operationId: string, mediaType: string, value: unknown, headers: RequestCase['headers'] = {}): RequestCase {
  return { operationId, path: {}, query: {}, headers, cookies: {}, body: { mediaType, value } };
}

const decode = (body: string | Uint8Array | undefined): string => (typeof body === 'string' ? body : new TextDecoder().decode(body));

describe('JSON', () => {
  it('any JSON value round-trips, for application/json and +json types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('application/json', 'application/merge-patch+json'), async (value, mediaType) => {
        const request = serializeRequest(json, bodyCase('json', mediaType, value));
        expect(request.headers).toEqual([['content-type', mediaType]]);
        const echo = await app.send(request);
        expect(echo.body).toEqual(JSON.parse(JSON.stringify(value)));
        expect(echo.mediaType).toBe(mediaType);
      }),
      RUNS,
    );
  });

  it('never throws on values JSON.stringify rejects', () => {
    expect(serializeRequest(json, bodyCase('json', 'application/json', { big: 10n ** 20n, n: -1n })).body).toBe('{"big":100000000000000000000,"n":-1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(serializeRequest(json, bodyCase('json', 'application/json', cyclic)).body).toBe('[object Object]');
  });
});

describe('application/x-www-form-urlencoded', () => {
  it('round-trips: arrays as repeated keys, objects as JSON text, encoding[prop].contentType honoured', async () => {
    const value = fc.record({ s: text, n: fc.integer(), list: fc.array(text, { minLength: 1, maxLength: 3 }), obj: fc.dictionary(text, text, { maxKeys: 3 }), meta: text });
    await fc.assert(
      fc.asyncProperty(value, async (body) => {
        const echo = await app.send(serializeRequest(form, bodyCase('form', 'application/x-www-form-urlencoded', body)));
        const received = echo.body as Record<string, string>;
        expect({ ...received, obj: JSON.parse(received.obj), meta: JSON.parse(received.meta) }).toEqual(body);
      }),
      RUNS,
    );
  });

  it('writes the standard form encoding', () => {
    const request = serializeRequest(form, bodyCase('form', 'application/x-www-form-urlencoded', { s: 'a b&c', list: [1, 2], obj: { k: 'v' }, meta: 'm', gone: undefined }));
    expect(request.body).toBe('s=a+b%26c&list=1&list=2&obj=%7B%22k%22%3A%22v%22%7D&meta=%22m%22');
    expect(request.headers).toEqual([['content-type', 'application/x-www-form-urlencoded']]);
  });
});

describe('multipart/form-data', () => {
  it('round-trips text, JSON, file and byte parts', async () => {
    const value = fc.record({
      s: text,
      n: fc.integer(),
      list: fc.array(text, { minLength: 1, maxLength: 3 }),
      obj: fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      meta: text,
      file: text,
      files: fc.array(text, { minLength: 1, maxLength: 2 }),
      pic: text,
      bytes: fc.uint8Array({ maxLength: 16 }),
    });
    await fc.assert(
      fc.asyncProperty(value, async (body) => {
        const request = serializeRequest(multipart, bodyCase('multipart', 'multipart/form-data', body));
        expect(request.headers[0][1]).toMatch(new RegExp(`^multipart/form-data; boundary=${MULTIPART_BOUNDARY}(-\\d+)?$`));
        const echo = await app.send(request);
        const file = (content: string, type = 'application/octet-stream', name = 'file') => ({ file: name, type, text: content });
        expect(echo.body).toEqual({
          s: body.s,
          n: body.n,
          list: body.list,
          obj: JSON.stringify(body.obj),
          meta: JSON.stringify(body.meta),
          file: file(body.file),
          files: body.files.map((content) => file(content, 'application/octet-stream', 'files')),
          pic: file(body.pic, 'image/png', 'pic'),
          bytes: file(new TextDecoder().decode(body.bytes), 'application/octet-stream', 'bytes'),
        });
      }),
      RUNS,
    );
  });

  it('is byte-for-byte deterministic, and moves the boundary only when a part contains it', () => {
    const value = { s: 'héllo', obj: { a: 1 }, file: 'x\r\ny', n: null };
    const first = serializeRequest(multipart, bodyCase('multipart', 'multipart/form-data', value));
    expect(serializeRequest(multipart, bodyCase('multipart', 'multipart/form-data', value))).toEqual(first);
    const b = MULTIPART_BOUNDARY;
    expect(decode(first.body)).toBe(
      `--${b}\r\nContent-Disposition: form-data; name="s"\r\n\r\nhéllo\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="obj"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\ny\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="n"\r\n\r\n\r\n` +
        `--${b}--\r\n`,
    );
    const clash = serializeRequest(multipart, bodyCase('multipart', 'multipart/form-data', { s: `--${b}` }));
    expect(clash.headers).toEqual([['content-type', `multipart/form-data; boundary=${b}-1`]]);
  });

  it('finds binary properties through $ref when given the registry', () => {
    const registry: SchemaRegistry = {
      dialect: '2020-12',
      documents: {
        'urn:specwright:request': {
          components: { schemas: { Upload: { allOf: [{ $ref: 'urn:specwright:request#/components/schemas/File' }] }, File: { properties: { doc: { type: 'string', contentMediaType: 'application/pdf' } } } } },
        },
      },
    };
    const op = operation('upload', 'post', '/upload', { content: [media('multipart/form-data', { $ref: 'urn:specwright:request#/components/schemas/Upload' })] });
    const request = serializeRequest(op, bodyCase('upload', 'multipart/form-data', { doc: '%PDF' }), { registry });
    expect(decode(request.body)).toContain('name="doc"; filename="doc"\r\nContent-Type: application/pdf\r\n');
    expect(decode(serializeRequest(op, bodyCase('upload', 'multipart/form-data', { doc: '%PDF' })).body)).not.toContain('filename');
  });

  it('escapes quotes and line breaks in part names as browsers do', () => {
    const request = serializeRequest(multipart, bodyCase('multipart', 'multipart/form-data', { 'a"b\r\nc': 1 }));
    expect(decode(request.body)).toContain('name="a%22b%0D%0Ac"');
  });
});

describe('other media types', () => {
  it.each([
    ['text/plain', 'héllo\n', 'text/plain', 'héllo\n'],
    ['text/plain', 42, 'text/plain', '42'],
    ['text/plain', { a: 1 }, 'text/plain', '{"a":1}'],
    ['application/xml', '<a/>', 'application/xml', '<a/>'],
    ['application/xml', { a: 1 }, 'application/xml', '{"a":1}'],
    ['*/*', { a: 1 }, 'application/json', '{"a":1}'],
    ['*/*', 'raw', 'application/octet-stream', 'raw'],
    ['text/*', 'hi', 'text/plain', 'hi'],
  ])('%s with %j is sent as %s: %j', (mediaType, value, contentType, body) => {
    const request = serializeRequest(other, bodyCase('other', mediaType, value));
    expect(request.headers).toEqual([['content-type', contentType]]);
    expect(request.body).toBe(body);
  });

  it('text and bytes round-trip', async () => {
    expect((await app.send(serializeRequest(other, bodyCase('other', 'text/plain', 'héllo\r\n')))).body).toBe('héllo\r\n');
    const bytes = new Uint8Array([0, 255, 13, 10]);
    expect((await app.send(serializeRequest(other, bodyCase('other', 'application/octet-stream', bytes)))).body).toEqual({ bytes: [0, 255, 13, 10] });
  });

  it('keeps a Content-Type the case gives, and announces the media type of an undefined value without a body', () => {
    expect(serializeRequest(other, bodyCase('other', 'text/plain', 'x', { 'Content-Type': 'application/evil' })).headers).toEqual([['Content-Type', 'application/evil']]);
    expect(serializeRequest(other, bodyCase('other', 'text/plain', undefined))).toEqual({ method: 'POST', url: '/other', headers: [['content-type', 'text/plain']] });
  });
});
