import { SpecwrightError } from '../../errors';
import { BATCH_DISCOUNT, estimateCost, KNOWN_MODELS, validateModelId } from './models';

function rejection(id: string): SpecwrightError {
  try {
    validateModelId(id);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecwrightError);
    return error as SpecwrightError;
  }
  throw new Error(`${id} was accepted`);
}

describe('validateModelId', () => {
  it.each(['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001'])(
    'accepts the known pinned id %s',
    (id) => expect(validateModelId(id)).toBe(id),
  );

  it.each(['claude-sonnet-5-6', 'claude-opus-6', 'claude-sonnet-4-6', 'claude-fable-5-2', 'claude-opus-4-5-20251101', 'claude-3-5-sonnet-20241022'])(
    'accepts the unknown id %s, not in the table but shaped like a pinned id',
    (id) => expect(validateModelId(id)).toBe(id),
  );

  it.each([
    ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    ['claude-opus-4-1', 'claude-opus-4-1-20250805'],
    ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    ['claude-sonnet-latest', 'claude-sonnet-5-5'],
    ['claude-3-5-haiku-latest', 'claude-haiku-5-5'],
  ])('refuses the floating alias %s and names the pinned id %s', (alias, pinned) => {
    const error = rejection(alias);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain(`"${alias}" is a floating alias`);
    expect(error.message).toContain(`use "${pinned}"`);
    expect(error.fix).toBe(`Set the model to "${pinned}".`);
  });

  it('refuses an unknown old-generation alias, pointing to its dated snapshot and the current model', () => {
    const error = rejection('claude-opus-4-5');
    expect(error.message).toContain('use its dated snapshot id (claude-opus-4-5-YYYYMMDD) or the current "claude-opus-5-5"');
    expect(rejection('claude-3-5-sonnet').message).toContain('claude-3-5-sonnet-YYYYMMDD');
  });

  it.each(['', '  ', 'gpt-5', 'sonnet', 'claude'])('refuses %j, which names no Claude model', (id) => {
    const error = rejection(id);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.fix).toContain('"claude-sonnet-5-5"');
  });
});

describe('estimateCost', () => {
  const usage = { input: 1_000_000, output: 100_000, cacheWrite: 200_000, cacheRead: 2_000_000 };

  it('prices every token kind per million tokens', () => {
    // claude-sonnet-4-5-20250929: 3 in, 15 out, 3.75 cache write, 0.30 cache read.
    expect(estimateCost('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(3 + 1.5 + 0.75 + 0.6, 10);
    expect(estimateCost('claude-opus-4-1-20250805', { input: 0, output: 1_000_000, cacheRead: 0, cacheWrite: 0 })).toBe(75);
  });

  it('halves the price for a Message Batch', () => {
    const full = estimateCost('claude-haiku-5-5', usage) as number;
    expect(BATCH_DISCOUNT).toBe(0.5);
    expect(estimateCost('claude-haiku-5-5', usage, { batch: true })).toBeCloseTo(full / 2, 10);
    expect(estimateCost('claude-haiku-5-5', usage, { batch: false })).toBe(full);
  });

  it('prices a known alias like its snapshot', () => {
    expect(estimateCost('claude-sonnet-4-5', usage)).toBe(estimateCost('claude-sonnet-4-5-20250929', usage));
  });

  it('returns undefined for a model whose price it does not know, never a guess', () => {
    expect(estimateCost('claude-sonnet-5-6', usage)).toBeUndefined();
    expect(estimateCost('claude-sonnet-5-6', usage, { batch: true })).toBeUndefined();
  });

  it('costs nothing for no tokens', () => {
    expect(estimateCost('claude-opus-5-5', { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 })).toBe(0);
  });

  it('has a price, a budget and a thinking flag for every known model', () => {
    for (const model of KNOWN_MODELS) {
      expect(validateModelId(model.id)).toBe(model.id);
      expect(model.price.cacheRead).toBeLessThan(model.price.input);
      expect(model.price.cacheWrite).toBeGreaterThan(model.price.input);
      expect(model.maxOutputTokens).toBeGreaterThan(0);
      expect(typeof model.thinkingCanBeDisabled).toBe('boolean');
    }
  });
});
