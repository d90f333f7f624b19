/**
 * The rules `specwright diff` applies, one entry per rule id. The anchor is oasdiff's catalogue;
 * ids follow its naming (`<where>-<what>-<how>`) but one id covers parameters and body properties
 * alike where the judgement is the same (a narrowed request value breaks a client whichever part
 * of the request carries it); the message names the part.
 *
 * Severity: `error` breaks existing clients, `warning` may break some, `info` is a safe change,
 * listed as the changelog. Requests and responses are judged in opposite directions: a client
 * writes requests (a narrower request schema rejects what it sends) and reads responses (a wider
 * response schema sends what it does not expect).
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface DiffRule {
  readonly severity: Severity;
  /** One line for the README table and `--help`: what the rule finds and why it matters. */
  readonly explanation: string;
  /**
   * The finding's message; `{where}` names the part of the operation (`query parameter \`limit\``,
   * `response 200 application/json \`owner.login\``), `{from}`/`{to}`/`{value}` the values.
   */
  readonly template: string;
}

export const DIFF_RULES = {
  // Operations and paths
  'path-removed': { severity: 'error', explanation: 'A path was removed with all its operations: clients calling it get 404.', template: 'the path {path} was removed' },
  'operation-removed': { severity: 'error', explanation: 'An operation was removed from a path that still exists: clients calling it get 404 or 405.', template: 'the operation was removed' },
  'operation-added': { severity: 'info', explanation: 'A new operation.', template: 'new operation' },
  'operation-deprecated': { severity: 'info', explanation: 'The operation is now deprecated.', template: 'the operation is now deprecated' },
  'operation-id-changed': { severity: 'warning', explanation: 'The operationId changed: SDKs that name methods after it change too.', template: 'operationId changed from {from} to {to}' },
  'security-requirement-added': { severity: 'error', explanation: 'A security requirement was added (or a scope to one): clients without those credentials are refused.', template: 'security now requires {to} (was {from})' },
  'security-requirement-removed': { severity: 'info', explanation: 'A security requirement was relaxed.', template: 'security requirement relaxed: {from} → {to}' },

  // Parameters
  'request-parameter-required-added': { severity: 'error', explanation: 'A new required parameter: existing calls lack it.', template: 'new required {where}' },
  'request-parameter-added': { severity: 'info', explanation: 'A new optional parameter.', template: 'new optional {where}' },
  'request-parameter-removed': { severity: 'warning', explanation: 'A parameter was removed: clients still sending it may be refused or ignored.', template: '{where} was removed' },
  'request-parameter-became-required': { severity: 'error', explanation: 'An optional parameter became required: calls without it are refused.', template: '{where} became required' },
  'request-parameter-became-optional': { severity: 'info', explanation: 'A required parameter became optional.', template: '{where} became optional' },
  'request-parameter-location-changed': { severity: 'error', explanation: 'A parameter moved (e.g. from query to header): clients send it in the old place.', template: 'parameter `{value}` moved from {from} to {to}' },
  'request-parameter-style-changed': { severity: 'error', explanation: "A parameter's serialisation (style/explode) changed: clients encode it the old way.", template: '{where} serialisation changed from {from} to {to}' },

  // Request bodies
  'request-body-required-added': { severity: 'error', explanation: 'A required request body was added: existing calls send none.', template: 'a required request body was added' },
  'request-body-added': { severity: 'info', explanation: 'An optional request body was added.', template: 'an optional request body was added' },
  'request-body-became-required': { severity: 'error', explanation: 'The request body became required: calls without one are refused.', template: 'the request body became required' },
  'request-body-became-optional': { severity: 'info', explanation: 'The request body became optional.', template: 'the request body became optional' },
  'request-body-removed': { severity: 'warning', explanation: 'The request body was removed: clients still sending one may be refused.', template: 'the request body was removed' },
  'request-media-type-removed': { severity: 'error', explanation: 'A request media type was removed: clients sending it are refused (415).', template: 'request body media type {value} was removed' },
  'request-media-type-added': { severity: 'info', explanation: 'A new request media type.', template: 'request body media type {value} was added' },

  // Request values (body properties and parameters): narrowing breaks, widening is safe
  'request-property-required-added': { severity: 'error', explanation: 'A new required request property: existing requests lack it.', template: '{where} is a new required property' },
  'request-property-added': { severity: 'info', explanation: 'A new optional request property.', template: '{where} is a new optional property' },
  'request-property-became-required': { severity: 'error', explanation: 'An optional request property became required.', template: '{where} became required' },
  'request-property-became-optional': { severity: 'info', explanation: 'A required request property became optional.', template: '{where} became optional' },
  'request-property-removed': { severity: 'warning', explanation: 'A request property was removed: clients still sending it may be refused or ignored.', template: '{where} was removed' },
  'request-additional-properties-closed': { severity: 'error', explanation: '`additionalProperties: false` on a request object: extra properties clients send are refused.', template: '{where} no longer accepts additional properties' },
  'request-type-narrowed': { severity: 'error', explanation: 'A request value accepts fewer types (changed or narrowed, e.g. number → integer, nullable dropped).', template: '{where} type narrowed from {from} to {to}' },
  'request-type-widened': { severity: 'info', explanation: 'A request value accepts more types.', template: '{where} type widened from {from} to {to}' },
  'request-enum-value-removed': { severity: 'error', explanation: 'A request enum value was removed: clients sending it are refused.', template: '{where} no longer accepts {value}' },
  'request-enum-value-added': { severity: 'info', explanation: 'A request enum accepts a new value.', template: '{where} now accepts {value}' },
  'request-enum-added': { severity: 'error', explanation: 'A request value is now restricted to an enum.', template: '{where} is now restricted to {value}' },
  'request-max-length-decreased': { severity: 'error', explanation: 'A request maxLength was lowered (or added).', template: '{where} maxLength lowered from {from} to {to}' },
  'request-min-length-increased': { severity: 'error', explanation: 'A request minLength was raised (or added).', template: '{where} minLength raised from {from} to {to}' },
  'request-maximum-decreased': { severity: 'error', explanation: 'A request maximum was lowered (or added, or made exclusive).', template: '{where} maximum lowered from {from} to {to}' },
  'request-minimum-increased': { severity: 'error', explanation: 'A request minimum was raised (or added, or made exclusive).', template: '{where} minimum raised from {from} to {to}' },
  'request-max-items-decreased': { severity: 'error', explanation: 'A request maxItems was lowered (or added).', template: '{where} maxItems lowered from {from} to {to}' },
  'request-min-items-increased': { severity: 'error', explanation: 'A request minItems was raised (or added).', template: '{where} minItems raised from {from} to {to}' },
  'request-pattern-added': { severity: 'error', explanation: 'A request value must now match a pattern.', template: '{where} must now match {to}' },
  'request-pattern-changed': { severity: 'warning', explanation: "A request pattern changed: values the old one accepted may be refused (Specwright cannot tell whether it is narrower).", template: '{where} pattern changed from {from} to {to}' },
  'request-format-changed': { severity: 'warning', explanation: 'A request format was added or changed (e.g. date-time → date).', template: '{where} format changed from {from} to {to}' },
  'request-constraint-relaxed': { severity: 'info', explanation: 'A request constraint was relaxed (a bound widened or removed).', template: '{where} {value} relaxed from {from} to {to}' },
  'request-variant-removed': { severity: 'error', explanation: 'A request oneOf/anyOf no longer has a variant matching an old one: requests of that shape are refused.', template: '{where} no longer accepts the variant {value}' },
  'request-variant-added': { severity: 'info', explanation: 'A request oneOf/anyOf accepts a new variant.', template: '{where} accepts a new variant {value}' },

  // Responses
  'response-status-removed': { severity: 'error', explanation: 'A success (1xx–3xx) response status was removed or renamed: clients handling it get another.', template: 'response status {value} was removed' },
  'response-error-status-removed': { severity: 'warning', explanation: 'An error (4xx/5xx/default) response was removed: clients handling it may get another.', template: 'response status {value} was removed' },
  'response-status-added': { severity: 'info', explanation: 'A new response status.', template: 'response status {value} was added' },
  'response-media-type-removed': { severity: 'error', explanation: 'A response media type was removed: clients asking for it get another or 406.', template: 'response {value} media type was removed' },
  'response-media-type-added': { severity: 'info', explanation: 'A new response media type.', template: 'response {value} media type was added' },
  'response-property-removed': { severity: 'error', explanation: 'A required response property was removed: clients reading it break.', template: '{where} was removed' },
  'response-optional-property-removed': { severity: 'warning', explanation: 'An optional response property was removed: clients using it lose the data.', template: '{where} (optional) was removed' },
  'response-property-became-optional': { severity: 'error', explanation: 'A required response property became optional: clients assume it is there.', template: '{where} became optional' },
  'response-property-became-required': { severity: 'info', explanation: 'An optional response property became required.', template: '{where} became required' },
  'response-property-added': { severity: 'info', explanation: 'A new response property.', template: '{where} is a new property' },
  'response-type-changed': { severity: 'error', explanation: 'A response value changed type: clients parse it as the old one.', template: '{where} type changed from {from} to {to}' },
  'response-type-widened': { severity: 'warning', explanation: 'A response value may have more types (e.g. became nullable): clients may not handle them.', template: '{where} type widened from {from} to {to}' },
  'response-type-narrowed': { severity: 'info', explanation: 'A response value has fewer possible types.', template: '{where} type narrowed from {from} to {to}' },
  'response-enum-value-added': { severity: 'warning', explanation: 'A response enum has a new value (or lost its enum): clients switching over the values may not handle it.', template: '{where} may now be {value}' },
  'response-enum-value-removed': { severity: 'info', explanation: 'A response enum value is no longer returned.', template: '{where} is no longer {value}' },
  'response-format-changed': { severity: 'warning', explanation: 'A response format was removed or changed: clients parsing the old format may break.', template: '{where} format changed from {from} to {to}' },
  'response-constraint-changed': { severity: 'info', explanation: 'A response constraint (length, bound, pattern, item count) changed.', template: '{where} {value} changed from {from} to {to}' },
  'response-variant-added': { severity: 'warning', explanation: 'A response oneOf/anyOf has a new variant: clients may not handle that shape.', template: '{where} may now be the variant {value}' },
  'response-variant-removed': { severity: 'info', explanation: 'A response oneOf/anyOf variant is no longer returned.', template: '{where} is no longer the variant {value}' },
} as const satisfies Record<string, DiffRule>;

export type DiffRuleId = keyof typeof DIFF_RULES;

export const DIFF_RULE_IDS = Object.keys(DIFF_RULES).sort() as DiffRuleId[];

export function isDiffRuleId(value: unknown): value is DiffRuleId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DIFF_RULES, value);
}

export function ruleSeverity(rule: DiffRuleId): Severity {
  return DIFF_RULES[rule].severity;
}

/** Values a message template is filled with. */
export interface MessageValues {
  readonly where?: string;
  readonly path?: string;
  readonly from?: string;
  readonly to?: string;
  readonly value?: string;
}

/** The rule's template with its placeholders filled (a missing value reads as "none"). */
export function renderMessage(rule: DiffRuleId, values: MessageValues): string {
  return DIFF_RULES[rule].template.replace(/\{(where|path|from|to|value)\}/g, (_, key: keyof MessageValues) => values[key] ?? 'none');
}

/** `error` > `warning` > `info`. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}
