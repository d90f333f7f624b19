/**
 * String formats: generators that produce only what ajv-formats (full mode) accepts, a fixed
 * example per format for the coverage phase, and known-bad values for the negative phase.
 *
 * Generated values are deliberately ordinary (lower-case hosts, plain e-mail local parts): the
 * formats' grammars allow far stranger strings, but a contract tester that sends
 * `%{|}~@x.yz` as an e-mail mostly reports the server's stricter (and reasonable) validator.
 * Unknown formats (`idn-email` aside, which gets an e-mail) are plain strings: ajv accepts any.
 */
import * as fc from 'fast-check';
import { FORMAT_EXAMPLES } from '@specwright/core';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

const chars = (alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const label = chars(LOWER + DIGITS, 1, 8);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 2 }), chars(LOWER, 2, 6))
  .map(([labels, tld]) => [...labels, tld].join('.'));
const email = fc
  .tuple(fc.array(chars(LOWER + DIGITS + '_+-', 1, 8), { minLength: 1, maxLength: 2 }), domain)
  .map(([local, host]) => `${local.join('.')}@${host}`);

const dateObject = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31, 23, 59, 59)), noInvalidDate: true });
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const timeZone = fc.constantFrom('Z', 'Z', '+00:00', '+02:00', '-05:30', '+14:00');
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }))
  .map(([h, m, s, ms]) => `${pad(h)}:${pad(m)}:${pad(s)}${ms === undefined ? '' : `.${pad(ms, 3)}`}`);
const dateTime = fc.tuple(dateObject, clock, timeZone).map(([d, time, tz]) => `${isoDate(d)}T${time}${tz}`);
const time = fc.tuple(clock, timeZone).map(([t, tz]) => `${t}${tz}`);

const duration = fc
  .record({
    Y: fc.option(fc.nat(20), { nil: undefined }),
    M: fc.option(fc.nat(11), { nil: undefined }),
    D: fc.option(fc.nat(30), { nil: undefined }),
    H: fc.option(fc.nat(23), { nil: undefined }),
    Min: fc.option(fc.nat(59), { nil: undefined }),
    S: fc.option(fc.nat(59), { nil: undefined }),
  })
  .map(({ Y, M, D, H, Min, S }) => {
    const date = `${Y === undefined ? '' : `${Y}Y`}${M === undefined ? '' : `${M}M`}${D === undefined ? '' : `${D}D`}`;
    const clockPart = `${H === undefined ? '' : `${H}H`}${Min === undefined ? '' : `${Min}M`}${S === undefined ? '' : `${S}S`}`;
    const text = `P${date}${clockPart ? `T${clockPart}` : ''}`;
    return text === 'P' ? 'P1D' : text;
  });

const segment = chars(LOWER + DIGITS + '-_.~', 1, 8);
const path = fc.array(segment, { maxLength: 3 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const query = fc.option(fc.tuple(chars(LOWER, 1, 5), chars(LOWER + DIGITS, 0, 5)), { nil: undefined }).map((q) => (q ? `?${q[0]}=${q[1]}` : ''));
// ajv's `url` wants a path before a query (`https://a.bc/?q=1`, not `https://a.bc?q=1`).
const url = fc.tuple(fc.constantFrom('https', 'http'), domain, path, query).map(([scheme, host, p, q]) => `${scheme}://${host}${p || (q ? '/' : '')}${q}`);
const uriReference = fc.oneof(
  url,
  path.map((p) => p || '/'),
  fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/')),
);
const uriTemplate = fc.tuple(url, chars(LOWER, 1, 6)).map(([u, name]) => `${u.split('?')[0]}/{${name}}`);

const pointerToken = chars(LOWER + DIGITS + '~/', 0, 6).map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1'));
const jsonPointer = fc.array(pointerToken, { maxLength: 3 }).map((tokens) => tokens.map((t) => `/${t}`).join(''));
const fragmentPointer = fc.array(chars(LOWER + DIGITS, 0, 6), { maxLength: 3 }).map((tokens) => `#${tokens.map((t) => `/${t}`).join('')}`);
const relativePointer = fc.tuple(fc.nat(5), fc.oneof(fc.constant('#'), jsonPointer)).map(([n, rest]) => `${n}${rest}`);
const base64 = fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const regex = fc.constantFrom('^[a-z]+$', '\\d{3}', 'abc', '^(foo|bar)$', '[A-Z]{2,4}', '.*');

const GENERATORS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  date: dateObject.map(isoDate),
  'date-time': dateTime,
  'iso-date-time': dateTime,
  time,
  'iso-time': time,
  duration,
  email,
  'idn-email': email,
  hostname: domain,
  'idn-hostname': domain,
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  uuid: fc.uuid(),
  uri: url,
  url,
  iri: url,
  'uri-reference': uriReference,
  'iri-reference': uriReference,
  'uri-template': uriTemplate,
  'json-pointer': jsonPointer,
  'json-pointer-uri-fragment': fragmentPointer,
  'relative-json-pointer': relativePointer,
  byte: base64,
  regex,
  // OpenAPI numeric formats on a string (a 64-bit id sent as text): digits are the sensible value.
  int32: fc.integer().map(String),
  int64: fc.maxSafeInteger().map(String),
};


/** Values ajv-formats rejects, per format (only formats ajv actually checks). */
const INVALID: Readonly<Record<string, readonly string[]>> = {
  date: ['2024-13-45', 'not a date'],
  'date-time': ['2024-01-31 25:61:00', 'yesterday'],
  'iso-date-time': ['2024-13-01T00:00:00', 'yesterday'],
  time: ['25:00:00Z', '12:00'],
  'iso-time': ['25:00:00', 'noon'],
  duration: ['P', '1 day'],
  email: ['not-an-email', 'user@'],
  hostname: ['-bad-.example', 'a..b'],
  ipv4: ['256.1.1.1', '1.2.3'],
  ipv6: ['12345::', 'not:an:ipv6'],
  uuid: ['not-a-uuid', '123e4567-e89b-12d3-a456'],
  uri: ['not a uri', 'no-scheme'],
  url: ['not a url', 'ftp//missing-colon'],
  'uri-reference': ['not a uri reference', 'a b'],
  'uri-template': ['https://example.com/{id', '{bad var}'],
  'json-pointer': ['no-leading-slash', '/a~2'],
  'json-pointer-uri-fragment': ['/a', '#a b'],
  'relative-json-pointer': ['-1', '/a'],
  byte: ['not base64!', 'abc'],
  regex: ['[unclosed', '(?<'],
};

/** Formats ajv-formats checks on numbers, with a value outside each. */
export const INVALID_NUMERIC_FORMAT: Readonly<Record<string, readonly number[]>> = {
  int32: [2 ** 31, -(2 ** 31) - 1],
  int64: [1.5],
};

export function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  return GENERATORS[format];
}

export function formatExample(format: string): string | undefined {
  return FORMAT_EXAMPLES[format];
}

export function invalidFormatValues(format: string): readonly string[] {
  return INVALID[format] ?? [];
}
