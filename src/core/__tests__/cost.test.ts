import { describe, expect, it } from 'vitest';
import { addCost, callCost, DEFAULT_PRICES, zeroCost } from '../cost';

const u = { inputTokens: 1_000_000, outputTokens: 500_000, estimated: false };

describe('callCost', () => {
  it('prices cloud models from the table, including dated and prefixed names', () => {
    expect(callCost('openai', 'gpt-4o-mini', u, DEFAULT_PRICES)).toBeCloseTo(0.45);
    expect(callCost('openai', 'gpt-4o-mini-2024-07-18', u, DEFAULT_PRICES)).toBeCloseTo(0.45);
    expect(callCost('openai', 'openai/gpt-4o', u, DEFAULT_PRICES)).toBeCloseTo(7.5);
  });
  it('local Ollama models are free; unknown prices stay unknown', () => {
    expect(callCost('ollama', 'qwen3:4b', u, DEFAULT_PRICES)).toBe(0);
    expect(callCost('ollama', 'glm-5:cloud', u, DEFAULT_PRICES)).toBeNull();
    expect(callCost('openai', 'mystery', u, DEFAULT_PRICES)).toBeNull();
  });
  it('a sum with an unknown part is a lower bound', () => {
    const s = addCost(addCost(zeroCost(), 0.5), null);
    expect(s).toEqual({ usd: 0.5, complete: false });
  });
});
