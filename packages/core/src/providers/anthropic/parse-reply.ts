/**
 * Reads `{ code, notes }` out of a finished Message (a streamed call's final message, or a Message
 * Batch result). A reply that carries no usable code is a ModelReplyError: the model's fault, not
 * the network's, so the implement stage feeds its message back as a repair error instead of
 * retrying the same request.
 */
import type { Message, Usage } from '@anthropic-ai/sdk/resources/messages';
import { SpecwrightError } from '../../errors';
import type { TokenUsage } from '../provider';

export type ModelReplyProblem = 'max_tokens' | 'refusal' | 'malformed_json' | 'missing_code';

export class ModelReplyError extends SpecwrightError {
  readonly problem: ModelReplyProblem;
  /** The reply's text as received (partial for `max_tokens`); not code. */
  readonly replyText: string;
  /** Tokens the unusable reply still cost. */
  readonly usage: TokenUsage;
  readonly requestId?: string;

  constructor(problem: ModelReplyProblem, message: string, details: { replyText: string; usage: TokenUsage; requestId?: string }) {
    super('MODEL_REPLY_INVALID', message, { fix: 'The implement stage asks the model again with this message; no action is needed unless every attempt fails.' });
    this.name = 'ModelReplyError';
    this.problem = problem;
    this.replyText = details.replyText;
    this.usage = details.usage;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

export interface ParsedReply {
  readonly code: string;
  readonly notes: string;
}

export function tokenUsageOf(usage: Pick<Usage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>): TokenUsage {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheRead: usage.cache_read_input_tokens ?? 0,
    cacheWrite: usage.cache_creation_input_tokens ?? 0,
  };
}

/** The text of the message's text blocks (thinking blocks are skipped). */
export function replyTextOf(message: Pick<Message, 'content'>): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/**
 * `{ code, notes }` of a finished message, or a ModelReplyError whose message is written to the
 * model (it becomes the error list of the next repair turn).
 */
export function parseModelReply(message: Message, requestId?: string): ParsedReply {
  const replyText = replyTextOf(message);
  const fail = (problem: ModelReplyProblem, text: string): never => {
    throw new ModelReplyError(problem, text, { replyText, usage: tokenUsageOf(message.usage), ...(requestId === undefined ? {} : { requestId }) });
  };
  if (message.stop_reason === 'max_tokens') {
    fail('max_tokens', `Your reply was cut off at the output limit (${message.usage.output_tokens} tokens) before the JSON object was complete. Write a shorter implementation and keep notes brief.`);
  }
  if (message.stop_reason === 'refusal') {
    fail('refusal', 'Your reply was stopped as a refusal. Implement the handler as the contract describes; reply with the JSON object only.');
  }
  let value: unknown;
  try {
    value = JSON.parse(replyText);
  } catch (error) {
    fail('malformed_json', `Your reply was not valid JSON (${error instanceof Error ? error.message : String(error)}). Reply with exactly one JSON object { "code": string, "notes": string }.`);
  }
  const reply = (typeof value === 'object' && value !== null ? value : {}) as { code?: unknown; notes?: unknown };
  if (typeof reply.code !== 'string' || reply.code.trim() === '') {
    fail('missing_code', 'Your reply had no "code" string with the module source. Reply with { "code": string, "notes": string }.');
  }
  return { code: withoutFence(reply.code as string), notes: typeof reply.notes === 'string' ? reply.notes : '' };
}

/** Models sometimes wrap the module in a markdown fence despite the rules; the fence is not code. */
function withoutFence(code: string): string {
  const fenced = /^\s*```[\w-]*\n([\s\S]*?)\n```\s*$/.exec(code);
  return fenced ? `${fenced[1]}\n` : code;
}
