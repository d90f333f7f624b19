/**
 * The checks, named exactly as in Schemathesis so its users recognise them. Order is the order
 * reports list them in.
 */
export const CHECK_NAMES = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'missing_required_header',
  'unsupported_method',
  'use_after_free',
  'ensure_resource_availability',
  'ignored_auth',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_DESCRIPTIONS: { readonly [name in CheckName]: string } = {
  not_a_server_error: 'no response has a 5xx status',
  status_code_conformance: 'every status code is documented for the operation',
  content_type_conformance: "every response's Content-Type is documented for its status",
  response_headers_conformance: 'documented required response headers are present and match their schemas',
  response_schema_conformance: 'response bodies validate against their documented schemas',
  negative_data_rejection: 'requests that violate the spec are rejected with a 4xx',
  positive_data_acceptance: 'requests that satisfy the spec are not rejected as invalid',
  missing_required_header: 'a request without a required header is rejected with a 4xx',
  unsupported_method: 'a method the path does not document gets 405 Method Not Allowed with an Allow header',
  use_after_free: 'a resource cannot be read after a successful delete (through OpenAPI links)',
  ensure_resource_availability: 'a created resource can be read right after (through OpenAPI links)',
  ignored_auth: 'an operation that declares security refuses requests without credentials',
};

export function isCheckName(value: string): value is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(value);
}
