/**
 * Token arithmetic of the fake: an estimate (≈ 4 characters a token, like the rule of thumb) so
 * usage numbers move with prompt size, and a prompt-cache simulation so a provider's "did caching
 * take effect" check (usage.cache_read_input_tokens) has something real to observe.
 */
import { createHash } from 'node:crypto';

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Every text the model would read, in API order: tools, system, then messages. */
function promptParts(body: any): Array<{ text: string; cached: boolean }> {
  const parts: Array<{ text: string; cached: boolean }> = [];
  const push = (value: unknown, cached: boolean) => parts.push({ text: typeof value === 'string' ? value : JSON.stringify(value ?? ''), cached });
  for (const tool of Array.isArray(body?.tools) ? body.tools : []) push(tool, !!tool?.cache_control);
  if (typeof body?.system === 'string') push(body.system, false);
  else for (const block of Array.isArray(body?.system) ? body.system : []) push(block?.text ?? block, !!block?.cache_control);
  for (const message of Array.isArray(body?.messages) ? body.messages : []) {
    if (typeof message?.content === 'string') push(message.content, false);
    else for (const block of Array.isArray(message?.content) ? message.content : []) push(block?.text ?? block, !!block?.cache_control);
  }
  return parts;
}

/** All prompt text joined: what responders match on ("the prompt names operation listPets"). */
export function promptText(body: any): string {
  return promptParts(body).map((part) => part.text).join('\n');
}

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Splits the prompt's tokens into uncached input, cache writes and cache reads. The cacheable prefix
 * ends at the last block marked `cache_control` (or the whole prompt with a top-level
 * `cache_control`); below `minCacheTokens` nothing is cached and nothing says so, as with the API.
 */
export class PromptCache {
  private readonly seen = new Set<string>();
  constructor(private readonly minCacheTokens: number) {}

  usage(body: any): InputUsage {
    const parts = promptParts(body);
    const total = estimateTokens(parts.map((part) => part.text).join('\n'));
    const lastMarked = body?.cache_control ? parts.length - 1 : parts.map((part) => part.cached).lastIndexOf(true);
    if (lastMarked < 0) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const prefixText = parts.slice(0, lastMarked + 1).map((part) => part.text).join('\n');
    const prefix = estimateTokens(prefixText);
    if (prefix < this.minCacheTokens) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const key = createHash('sha256').update(String(body?.model)).update('\0').update(prefixText).digest('hex');
    const hit = this.seen.has(key);
    this.seen.add(key);
    const rest = Math.max(0, total - prefix);
    return hit
      ? { input_tokens: rest, cache_creation_input_tokens: 0, cache_read_input_tokens: prefix }
      : { input_tokens: rest, cache_creation_input_tokens: prefix, cache_read_input_tokens: 0 };
  }

  clear(): void {
    this.seen.clear();
  }
}
