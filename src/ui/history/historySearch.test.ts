/** History search (minisearch over stored summaries) and the status/model filters. */
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import type { RunSummary } from '../../store/types';
import { applyFilter, buildIndex, facets, searchIds, type HistoryFilter } from './historySearch';

const run = (runId: string, question: string, answer: string | null, models: string[], status = 'done'): RunSummary => ({
  runId,
  question,
  startedAt: 1,
  status,
  answer,
  rootModel: models[0],
  iterations: 2,
  wallMs: 10,
  contextName: null,
  models,
});

const runs = [
  run('n', 'Find the secret needle in the haystack', 'Pineapple-42', ['solver']),
  run('p', 'How many primes below one million?', '78498', ['qwen3:8b', 'llama3.2']),
  run('s', 'Summarise the report', null, ['qwen3:8b'], 'stopped'),
];
const index = buildIndex(MiniSearch, runs);
const find = (q: string, f: Partial<HistoryFilter> = {}) => applyFilter(runs, { query: q, status: '', model: '', ...f }, searchIds(index, q)).map((r) => r.runId);

describe('history search', () => {
  it('finds a run by a word of its question, a word of its answer, or a model', () => {
    expect(find('haystack')).toEqual(['n']);
    expect(find('pineapple')).toEqual(['n']);
    expect(find('llama3.2')).toEqual(['p']);
    expect(find('solver')).toEqual(['n']);
  });

  it('matches prefixes and small typos, and every word must match', () => {
    expect(find('needl')).toEqual(['n']);
    expect(find('prmes')).toEqual(['p']);
    expect(find('qwen3').sort()).toEqual(['p', 's']);
    expect(find('qwen3 report')).toEqual(['s']);
    expect(find('zebra')).toEqual([]);
  });

  it('with no query lists every run as stored', () => {
    expect(searchIds(index, '  ')).toBeNull();
    expect(find('')).toEqual(['n', 'p', 's']);
  });

  it('filters by status and by model, with or without a query', () => {
    expect(find('', { status: 'stopped' })).toEqual(['s']);
    expect(find('', { model: 'qwen3:8b' })).toEqual(['p', 's']);
    expect(find('', { model: 'qwen3:8b', status: 'done' })).toEqual(['p']);
    expect(find('qwen3', { status: 'done' })).toEqual(['p']);
  });

  it('offers the statuses and models the history holds', () => {
    expect(facets(runs)).toEqual({ statuses: ['done', 'stopped'], models: ['llama3.2', 'qwen3:8b', 'solver'] });
  });
});
