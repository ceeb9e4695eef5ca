import { describe, expect, it } from 'vitest';
import { forkTree } from './forkTree';
import type { RunSummary } from '../../store/types';

const run = (runId: string, startedAt: number, parent?: string): RunSummary => ({
  runId, question: runId, startedAt, status: 'done', answer: null, rootModel: 'm', iterations: 1, wallMs: 0, contextName: null, models: ['m'],
  ...(parent ? { forkOf: { runId: parent, iteration: 2 } } : {}),
});

describe('forkTree', () => {
  it('puts forks under their parent, oldest first, and keeps orphans at the top level', () => {
    // Newest first, as history lists them.
    const rows = forkTree([run('f2', 5, 'a'), run('ff', 4, 'f1'), run('b', 3), run('f1', 2, 'a'), run('a', 1), run('orphan', 0, 'gone')]);
    expect(rows.map((r) => [r.run.runId, r.depth])).toEqual([['b', 0], ['a', 0], ['f1', 1], ['ff', 2], ['f2', 1], ['orphan', 0]]);
  });
});
