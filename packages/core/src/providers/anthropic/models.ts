import { SpecwrightError } from '../../errors';
import type { TokenUsage } from '../provider';

/** US dollars per million tokens. `cacheWrite` is the 5-minute ephemeral cache write. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

export interface KnownModel {
  /** The pinned id: it names one snapshot forever, so it can enter a cache key. */
  readonly id: string;
  readonly family: 'opus' | 'sonnet' | 'haiku';
  /** Floating aliases that currently resolve to this snapshot (they may move: never a cache key). */
  readonly aliases: readonly string[];
  readonly price: ModelPrice;
  /** Whether `thinking: { type: 'disabled' }` is accepted (otherwise thinking tokens come out of max_tokens). */
  readonly thinkingCanBeDisabled: boolean;
  /** The largest `max_tokens` the model accepts (thinking included). */
  readonly maxOutputTokens: number;
}

/** Message Batches cost half of every token price (input, output and cache alike). */
export const BATCH_DISCOUNT = 0.5;

/**
 * Known models. Source: Anthropic's pricing and models overview pages, table compiled 2026-12-02.
 * The current generation (`*-5-5`) figures are placeholders until checked against the published
 * price list; the older generations carry their published list prices. Cache writes cost 1.25x
 * input and cache reads 0.1x input. Newest generation first: `newestOf` relies on it.
 */
export const KNOWN_MODELS: readonly KnownModel[] = [
  // Current generation: the id without a date is pinned (a new snapshot gets a new id).
  { id: 'claude-opus-5-5', family: 'opus', aliases: [], price: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }, thinkingCanBeDisabled: false, maxOutputTokens: 128_000 },
  { id: 'claude-sonnet-5-5', family: 'sonnet', aliases: [], price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }, thinkingCanBeDisabled: true, maxOutputTokens: 128_000 },
  { id: 'claude-haiku-5-5', family: 'haiku', aliases: [], price: { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }, thinkingCanBeDisabled: true, maxOutputTokens: 64_000 },
  // Older generations: the dated id is pinned, the undated one is a floating alias.
  { id: 'claude-sonnet-4-5-20250929', family: 'sonnet', aliases: ['claude-sonnet-4-5'], price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }, thinkingCanBeDisabled: true, maxOutputTokens: 64_000 },
  { id: 'claude-opus-4-1-20250805', family: 'opus', aliases: ['claude-opus-4-1'], price: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 }, thinkingCanBeDisabled: true, maxOutputTokens: 32_000 },
  { id: 'claude-haiku-4-5-20251001', family: 'haiku', aliases: ['claude-haiku-4-5'], price: { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }, thinkingCanBeDisabled: true, maxOutputTokens: 64_000 },
];

/** The known model a pinned id or one of its aliases names. */
export function findModel(id: string): KnownModel | undefined {
  return KNOWN_MODELS.find((model) => model.id === id || model.aliases.includes(id));
}

/** `claude-<family>-<major>[-<minor>]`, the undated shape; generations from 4.6 on pin it. */
const UNDATED = /^claude-([a-z]+)-(\d+)(?:-(\d+))?$/;
/** The naming before generation 4: `claude-3-5-sonnet`, always an alias (its snapshots are dated). */
const LEGACY_UNDATED = /^claude-\d+(?:-\d+)?-([a-z]+)$/;
/** A dated snapshot, any naming era (`claude-sonnet-4-5-20250929`, `claude-3-5-sonnet-20241022`). */
const DATED = /^claude-[a-z0-9]+(?:-[a-z0-9]+)*-\d{8}$/;
/** The first generation whose undated ids are pinned snapshots rather than aliases. */
const FIRST_UNDATED_PINNED = [4, 6] as const;

/** `latest`: names whatever is newest; `undated`: an older generation's alias of a dated snapshot. */
type IdShape = { kind: 'pinned' } | { kind: 'floating'; alias: 'latest' | 'undated'; family?: string } | { kind: 'unknown' };

function shapeOf(id: string): IdShape {
  if (id.endsWith('-latest')) {
    const family = ['opus', 'sonnet', 'haiku'].find((name) => id.includes(`-${name}`));
    return { kind: 'floating', alias: 'latest', ...(family ? { family } : {}) };
  }
  if (DATED.test(id)) return { kind: 'pinned' };
  const legacy = LEGACY_UNDATED.exec(id);
  if (legacy) return { kind: 'floating', alias: 'undated', family: legacy[1] };
  const undated = UNDATED.exec(id);
  if (undated) {
    const major = Number(undated[2]);
    const minor = Number(undated[3] ?? 0);
    const pinned = major > FIRST_UNDATED_PINNED[0] || (major === FIRST_UNDATED_PINNED[0] && minor >= FIRST_UNDATED_PINNED[1]);
    return pinned ? { kind: 'pinned' } : { kind: 'floating', alias: 'undated', family: undated[1] };
  }
  return { kind: 'unknown' };
}

/** The newest known pinned id of a family (KNOWN_MODELS is newest first). */
function newestOf(family: string | undefined): string | undefined {
  return KNOWN_MODELS.find((model) => model.family === family)?.id;
}

const CURRENT_IDS = KNOWN_MODELS.filter((model) => model.aliases.length === 0).map((model) => model.id);

/**
 * Accepts a pinned model id and returns it; rejects a floating alias (`claude-sonnet-4-5`,
 * `*-latest`) with the pinned id to use. The model id enters every operation key and the lock:
 * an alias that moves to a new snapshot would change the code behind an unchanged key.
 * Unknown ids shaped like a pinned id are accepted, so a model newer than this table works.
 */
export function validateModelId(id: string): string {
  const fix = (pinned: string | undefined) =>
    pinned ? `Set the model to "${pinned}".` : `Use a pinned model id, for example ${CURRENT_IDS.map((name) => `"${name}"`).join(', ')}.`;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new SpecwrightError('INVALID_OPTION', 'the anthropic provider needs a pinned model id', { location: { file: 'options', pointer: '/model' }, fix: fix(undefined) });
  }
  if (KNOWN_MODELS.some((model) => model.id === id)) return id;
  const shape = shapeOf(id);
  if (shape.kind === 'pinned') return id;
  if (shape.kind === 'floating') {
    // A known alias names its snapshot; `-latest` means "the newest", so the newest of its family;
    // an unknown old-generation alias has a dated snapshot this table does not know.
    const pinned = findModel(id)?.id ?? (shape.alias === 'latest' ? newestOf(shape.family) : undefined);
    const newest = newestOf(shape.family);
    const instead = pinned
      ? `use "${pinned}"`
      : `use its dated snapshot id (${id}-YYYYMMDD)${newest ? ` or the current "${newest}"` : ''}`;
    throw new SpecwrightError(
      'INVALID_OPTION',
      `model "${id}" is a floating alias that can move to a new snapshot, and the generation lock must pin the model: ${instead}`,
      { location: { file: 'options', pointer: '/model' }, fix: fix(pinned) },
    );
  }
  throw new SpecwrightError('INVALID_OPTION', `model "${id}" is not a Claude model id this provider can pin`, {
    location: { file: 'options', pointer: '/model' },
    fix: fix(undefined),
  });
}

/**
 * The dollar cost of `usage` on `model` (a pinned id or a known alias), or `undefined` when the
 * price is unknown: a summary says "unknown price" rather than show a guess.
 */
export function estimateCost(model: string, usage: TokenUsage, options: { batch?: boolean } = {}): number | undefined {
  const price = findModel(model)?.price;
  if (!price) return undefined;
  const dollars = (usage.input * price.input + usage.output * price.output + usage.cacheWrite * price.cacheWrite + usage.cacheRead * price.cacheRead) / 1_000_000;
  return options.batch ? dollars * BATCH_DISCOUNT : dollars;
}
