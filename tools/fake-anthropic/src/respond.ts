/**
 * Puts one scripted reply on the wire for `POST /v1/messages`, as JSON or as an SSE stream, with
 * the faults done the way a network or the API would do them (destroyed sockets, short bodies,
 * `error` events), so the SDK's real retry and error paths run.
 */
import type { ServerResponse } from 'node:http';
import type { Message, StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import { statusOfErrorType } from './replies';
import { estimateTokens, type InputUsage } from './tokens';
import type { HttpErrorReply, Reply } from './types';
import { errorBody, messageOf, sse, streamHead, streamTail, usageOf } from './wire';

export interface ReplyContext {
  requestId: string;
  messageId: string;
  /** The model the request named. */
  model: string;
  stream: boolean;
  input: InputUsage;
}

/** The Message a message-like reply stands for (also what a batch result carries). */
export function messageFor(reply: MessageLike, ctx: ReplyContext): Message {
  const text = reply.text ?? '';
  return messageOf(ctx.messageId, reply.model ?? ctx.model, text, reply.stopReason ?? 'end_turn', usageOf(ctx.input, estimateTokens(text), reply.usage));
}

/** Any reply that carries (partial) message text: a message, or the part sent before a fault. */
type MessageLike = { text?: string; model?: string; stopReason?: StopReason; usage?: Partial<Usage> };

export function sendError(res: ServerResponse, reply: Omit<HttpErrorReply, 'kind'>, requestId: string): void {
  const body = JSON.stringify(errorBody(reply.type, reply.message, requestId));
  res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': requestId, ...reply.headers });
  res.end(body);
}

function sseHeaders(requestId: string) {
  return { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId };
}

export function sendReply(res: ServerResponse, reply: Reply, ctx: ReplyContext): void {
  switch (reply.kind) {
    case 'http-error':
      return sendError(res, reply, ctx.requestId);
    case 'drop': {
      if (reply.when === 'before-headers') {
        res.socket?.destroy();
        return;
      }
      // Headers and part of the body go out (flushed), then the connection is cut.
      if (ctx.stream) {
        res.writeHead(200, sseHeaders(ctx.requestId));
        const message = messageFor({ text: reply.text ?? '' }, ctx);
        for (const event of streamHead(message, reply.text ?? '', 1)) res.write(sse(event));
      } else {
        const body = JSON.stringify(messageFor({ text: reply.text ?? '' }, ctx));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'request-id': ctx.requestId });
        res.write(body.slice(0, Math.floor(body.length / 2)));
      }
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    case 'stream-error': {
      if (!ctx.stream) return sendError(res, { status: statusOfErrorType(reply.type), type: reply.type, message: reply.message }, ctx.requestId);
      res.writeHead(200, sseHeaders(ctx.requestId));
      const message = messageFor({ text: reply.text ?? '' }, ctx);
      for (const event of streamHead(message, reply.text ?? '', 2)) res.write(sse(event));
      res.end(sse({ event: 'error', data: errorBody(reply.type, reply.message, ctx.requestId) }));
      return;
    }
    case 'truncated': {
      const message = messageFor(reply, ctx);
      if (ctx.stream) {
        res.writeHead(200, sseHeaders(ctx.requestId));
        for (const event of streamHead(message, reply.text, 2)) res.write(sse(event));
        res.end(); // a clean end of the HTTP response, but no message_delta / message_stop
        return;
      }
      const body = JSON.stringify(message);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'request-id': ctx.requestId });
      // Node refuses to end() a response shorter than its Content-Length, so the socket is closed instead.
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    case 'message': {
      const message = messageFor(reply, ctx);
      if (!ctx.stream) {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': ctx.requestId });
        res.end(JSON.stringify(message));
        return;
      }
      res.writeHead(200, sseHeaders(ctx.requestId));
      for (const event of [...streamHead(message, reply.text, reply.deltas ?? 3), ...streamTail(message)]) res.write(sse(event));
      res.end();
      return;
    }
  }
}

/** A one-word summary of what was sent, kept on the recorded request. */
export function outcomeOf(reply: Reply): string {
  switch (reply.kind) {
    case 'message': return reply.stopReason && reply.stopReason !== 'end_turn' ? `message ${reply.stopReason}` : 'message';
    case 'http-error': return `http ${reply.status}`;
    case 'drop': return `drop ${reply.when}`;
    case 'stream-error': return `stream-error ${reply.type}`;
    case 'truncated': return 'truncated';
  }
}
