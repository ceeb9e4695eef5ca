import { describe, expect, it } from 'vitest';
import { overlappingPairs, tableRows, type TableRow } from './ResultsTable';

const row = (p: Partial<TableRow>): TableRow => ({
  key: 'k', modelIndex: 0, model: 'a', provider: 'ollama', method: 'rlm', task: 'niah', size: 1000, trials: 5, scored: 5, correct: 5, acc: 1,
  interval: { lo: 0.57, hi: 1 }, meanScore: 1, avgTimeMs: 1, avgIters: 1, tokensIn: 1, tokensOut: 1, costUsd: 0, errors: 0, exceeds: 0, stopped: 0, ...p,
});

describe('interval overlap note', () => {
  it('pairs differing accuracies whose 95 % intervals overlap (5 trials: 100 % vs 60 %)', () => {
    const a = row({});
    const b = row({ model: 'b', correct: 3, acc: 0.6, interval: { lo: 0.23, hi: 0.88 } });
    expect(overlappingPairs([a, b])).toEqual([[a, b]]);
  });
  it('leaves out separated intervals, equal accuracies and other tasks or sizes', () => {
    const a = row({ interval: { lo: 0.9, hi: 1 } });
    expect(overlappingPairs([a, row({ model: 'b', acc: 0, interval: { lo: 0, hi: 0.1 } })])).toEqual([]);
    expect(overlappingPairs([a, row({ model: 'b' })])).toEqual([]);
    expect(overlappingPairs([a, row({ model: 'b', acc: 0.8, size: 2000 })])).toEqual([]);
    expect(overlappingPairs([a, row({ model: 'b', acc: 0.8, task: 'sniah' })])).toEqual([]);
  });
});

describe('table rows', () => {
  it('name each model and read task (as configured), size, model, method', () => {
    const models = [{ provider: 'ollama' as const, model: 'm0', hosts: [] }, { provider: 'openai' as const, model: 'm1', hosts: [] }];
    const rows = [row({ modelIndex: 1, method: 'vanilla' }), row({ task: 'sniah', size: 8000 }), row({ modelIndex: 0, method: 'vanilla' }), row({ modelIndex: 0, size: 500 }), row({ modelIndex: 0, method: 'rlm-no-sub' })];
    const out = tableRows(rows, models, ['sniah', 'niah']);
    expect(out.map((r) => `${r.task} ${r.size} ${r.model} ${r.provider} ${r.method}`)).toEqual([
      'sniah 8000 m0 ollama rlm',
      'niah 500 m0 ollama rlm',
      'niah 1000 m0 ollama rlm-no-sub',
      'niah 1000 m0 ollama vanilla',
      'niah 1000 m1 openai vanilla',
    ]);
  });
});
