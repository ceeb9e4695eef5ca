import { describe, expect, it } from 'vitest';
import { comparisons, summarise, wilson } from './stats';
import type { BenchMethod, TrialResult, TrialStatus } from './types';

function trial(method: BenchMethod, i: number, correct: boolean, o: Partial<TrialResult> & { status?: TrialStatus } = {}): TrialResult {
  const spec = { key: '', task: 'niah' as const, size: 1000, modelIndex: 0, method, trial: i };
  return {
    benchId: 'b',
    key: `niah|1000|0|${method}|${i}`,
    spec,
    status: 'ok',
    answer: 'x',
    expected: 'x',
    score: { score: correct ? 1 : 0, correct, detail: '' },
    iterations: 2,
    wallMs: 1000,
    tokensIn: 900,
    tokensOut: 100,
    costUsd: null,
    subcalls: 0,
    host: 'h',
    finishedAt: 0,
    events: [],
    ...o,
  };
}

describe('wilson', () => {
  it('matches the textbook values', () => {
    const a = wilson(5, 5);
    expect(a.hi).toBe(1);
    expect(a.lo).toBeCloseTo(0.5655, 3);
    const b = wilson(3, 5);
    expect(b.lo).toBeCloseTo(0.2307, 3);
    expect(b.hi).toBeCloseTo(0.8824, 3);
    expect(wilson(0, 0)).toEqual({ lo: 0, hi: 1 });
    expect(wilson(0, 10).lo).toBe(0);
  });
});

describe('summarise', () => {
  it('groups by model × method × task × size and keeps errors and exceeds out of accuracy', () => {
    const ts = [
      trial('rlm', 0, true, { wallMs: 2000, iterations: 3, costUsd: 0.01 }),
      trial('rlm', 1, false, { wallMs: 4000, iterations: 5, costUsd: 0.02 }),
      trial('rlm', 2, false, { status: 'error', score: null, wallMs: 0, iterations: 0, tokensIn: 0, tokensOut: 0 }),
      trial('vanilla', 0, false, { status: 'exceeds-context', score: null }),
    ];
    const [r, v] = summarise(ts);
    expect(r).toMatchObject({ key: '0|rlm|niah|1000', trials: 3, scored: 2, correct: 1, errors: 1, exceeds: 0, acc: 0.5, meanScore: 0.5 });
    expect(r.avgTimeMs).toBe(2000);
    expect(r.avgIters).toBeCloseTo(8 / 3);
    expect(r.tokensIn).toBe(600);
    expect(r.costUsd).toBeCloseTo(0.03);
    expect(r.interval).toEqual(wilson(1, 2));
    expect(v).toMatchObject({ method: 'vanilla', trials: 1, scored: 0, exceeds: 1, acc: null, interval: null, costUsd: null });
  });
});

describe('comparisons', () => {
  const models = [{ provider: 'ollama' as const, model: 'qwen3:4b', hosts: [] }];
  it('says when 100 % and 60 % with 5 trials may not differ', () => {
    const ts = [0, 1, 2, 3, 4].flatMap((i) => [trial('rlm', i, true), trial('vanilla', i, i < 3)]);
    const s = comparisons(summarise(ts), models);
    expect(s).toContain(
      'qwen3:4b on niah (1,000): with 5 trials, 100 % (RLM) and 60 % (one-shot) may not differ: their 95 % intervals overlap (57–100 % and 23–88 %).',
    );
  });

  it('computes the token saving at equal accuracy from the data', () => {
    const ts = [0, 1, 2].flatMap((i) => [
      trial('rlm', i, true, { tokensIn: 3000, tokensOut: 900 }),
      trial('vanilla', i, true, { tokensIn: 9800, tokensOut: 200 }),
    ]);
    expect(comparisons(summarise(ts), models)).toEqual([
      'qwen3:4b: RLM used 61 % fewer tokens than one-shot (3.9 K vs 10.0 K per trial) at equal accuracy (100 %).',
    ]);
  });

  it('equal tokens read "about as many", not "0 % fewer"', () => {
    const ts = [0, 1].flatMap((i) => [trial('rlm', i, true), trial('rlm-no-sub', i, true)]);
    expect(comparisons(summarise(ts), models)[0]).toBe('qwen3:4b: RLM used about as many tokens as RLM without sub-calls (1.0 K vs 1.0 K per trial) at equal accuracy (100 %).');
  });

  it('says "more accurate" only when the intervals do not overlap', () => {
    const ts = Array.from({ length: 20 }, (_, i) => [trial('rlm', i, true), trial('rlm-no-sub', i, false, { tokensIn: 450, tokensOut: 50 })]).flat();
    const s = comparisons(summarise(ts), models);
    expect(s[0]).toBe('qwen3:4b: RLM used 100 % more tokens than RLM without sub-calls (1.0 K vs 500 per trial) and was more accurate (100 % vs 0 %).');
    expect(s[1]).toContain('RLM is more accurate than RLM without sub-calls, 100 % vs 0 % (95 % intervals 84–100 % and 0–16 % do not overlap)');
  });
});
