/**
 * The API's JSON shapes, built from a scripted reply. Typed against the SDK's own declarations
 * (type-only imports: the fake never loads the SDK), so `npm run typecheck` fails if the SDK we pin
 * grows a required field the fake does not send. Shapes read from @anthropic-ai/sdk 1.15.0,
 * resources/messages/messages.ts and core/streaming.ts.
 */
import type {
  Message,
  MessageDeltaUsage,
  RawContentBlockDeltaEvent,
  RawContentBlockStartEvent,
  RawContentBlockStopEvent,
  RawMessageDeltaEvent,
  RawMessageStartEvent,
  RawMessageStopEvent,
  StopReason,
  Usage,
} from '@anthropic-ai/sdk/resources/messages';
import type { ErrorResponse, ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { InputUsage } from './tokens';

export function usageOf(input: InputUsage, outputTokens: number, override: Partial<Usage> = {}): Usage {
  return {
    input_tokens: input.input_tokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: input.cache_creation_input_tokens,
    cache_read_input_tokens: input.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: input.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
    ...override,
  };
}

export function messageOf(id: string, model: string, text: string, stopReason: StopReason, usage: Usage): Message {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text, citations: null }],
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage,
  };
}

export function errorBody(type: ErrorType, message: string, requestId: string | null): ErrorResponse {
  return { type: 'error', error: { type, message } as ErrorResponse['error'], request_id: requestId };
}

/** One SSE event: the SDK dispatches on the `event:` line (events without one are skipped). */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** Splits text into `n` nearly equal deltas (at least one, even for empty text). */
function deltasOf(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(n, text.length || 1));
  const size = Math.ceil(text.length / count) || 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(text.slice(i * size, (i + 1) * size));
  return out;
}

/**
 * The head of a streamed message: `message_start` (empty content, stop_reason null, the input side
 * of usage), a `ping` (the API interleaves them; the SDK ignores them), `content_block_start` and
 * the text as `text_delta` events.
 */
export function streamHead(message: Message, text: string, deltas: number): SseEvent[] {
  const start: RawMessageStartEvent = {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
  };
  const blockStart: RawContentBlockStartEvent = { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } };
  const events: SseEvent[] = [
    { event: 'message_start', data: start },
    { event: 'ping', data: { type: 'ping' } },
    { event: 'content_block_start', data: blockStart },
  ];
  for (const piece of deltasOf(text, deltas)) {
    const delta: RawContentBlockDeltaEvent = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } };
    events.push({ event: 'content_block_delta', data: delta });
  }
  return events;
}

/** The tail: `content_block_stop`, `message_delta` (stop reason, final usage), `message_stop`. */
export function streamTail(message: Message): SseEvent[] {
  const stop: RawContentBlockStopEvent = { type: 'content_block_stop', index: 0 };
  const usage: MessageDeltaUsage = {
    output_tokens: message.usage.output_tokens,
    input_tokens: message.usage.input_tokens,
    cache_creation_input_tokens: message.usage.cache_creation_input_tokens,
    cache_read_input_tokens: message.usage.cache_read_input_tokens,
    output_tokens_details: null,
    server_tool_use: null,
  };
  const delta: RawMessageDeltaEvent = {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null, container: null },
    usage,
  };
  const end: RawMessageStopEvent = { type: 'message_stop' };
  return [
    { event: 'content_block_stop', data: stop },
    { event: 'message_delta', data: delta },
    { event: 'message_stop', data: end },
  ];
}

export function sse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
