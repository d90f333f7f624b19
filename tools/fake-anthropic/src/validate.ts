/**
 * The request checks the real API makes that a provider could plausibly get wrong, answered with
 * the same 400 `invalid_request_error`, so a test against the fake fails where production would.
 */

/**
 * Parameters that `anthropic-version: 2026-10-21` (what SDK 1.x sends) rejects. Nothing makes a
 * reply repeatable any more: the generation lock is the only source of reproducible builds.
 */
const REMOVED_SAMPLING_PARAMS = ['temperature', 'top_p', 'top_k'];

/** A problem with a Messages request body, or undefined when it is acceptable. */
export function validateMessagesBody(body: any): string | undefined {
  if (typeof body !== 'object' || body === null) return 'request body must be a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model: field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: must be a positive integer';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  for (const name of REMOVED_SAMPLING_PARAMS) {
    if (name in body) return `${name}: not supported with anthropic-version 2026-10-21`;
  }
  // Forcing a tool is refused by current models (issue 8: structured output goes through output_config).
  if (body.tool_choice && (body.tool_choice.type === 'tool' || body.tool_choice.type === 'any')) {
    return `tool_choice: forced tool use (${body.tool_choice.type}) is not supported by this model; use output_config.format`;
  }
  const format = body.output_config?.format;
  if (format != null && (format.type !== 'json_schema' || typeof format.schema !== 'object' || format.schema === null)) {
    return 'output_config.format: expected { type: "json_schema", schema: {...} }';
  }
  return undefined;
}
