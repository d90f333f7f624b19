/**
 * One canonical value per string format: valid by every common validator (ajv-formats
 * included) and obviously fake. The offline provider samples with it; the conformance engine
 * uses it as the first boundary value of a formatted string.
 */
export const FORMAT_EXAMPLES: { readonly [format: string]: string } = {
  'date-time': '2024-01-01T00:00:00Z',
  'iso-date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  'iso-time': '00:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  'iri-reference': 'https://example.com/',
  'uri-template': 'https://example.com/{id}',
  uuid: '00000000-0000-4000-8000-000000000000',
  byte: 'AAAA',
  binary: '',
  password: 'password',
  regex: '.*',
  'json-pointer': '/',
  'json-pointer-uri-fragment': '#/',
  'relative-json-pointer': '0',
  // OpenAPI's numeric formats on a string (a 64-bit id sent as text).
  int32: '42',
  int64: '42',
};
