import type MiniSearch from 'minisearch';
import type { RunSummary } from '../../store/types';

/**
 * Search and filters over the history list. The index is built from the stored summaries
 * (question, answer, models), so no run's events are read to search. minisearch is loaded
 * on the first query (`loadMiniSearch`), not with the page.
 */

export type MiniSearchClass = typeof MiniSearch;

export interface HistoryFilter {
  query: string;
  /** '' = any. */
  status: string;
  /** '' = any. */
  model: string;
}

export const NO_FILTER: HistoryFilter = { query: '', status: '', model: '' };

export const loadMiniSearch = async (): Promise<MiniSearchClass> => (await import('minisearch')).default;

interface Doc {
  id: string;
  question: string;
  answer: string;
  models: string;
}

export function buildIndex(MS: MiniSearchClass, runs: readonly RunSummary[]): MiniSearch<Doc> {
  const index = new MS<Doc>({
    fields: ['question', 'answer', 'models'],
    // A word typed in part ("need" for "needle") or with a typo still finds the run; every word must match.
    searchOptions: { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { question: 2 } },
  });
  // A session is found by any of its questions, not only the first.
  const question = (r: RunSummary) => (r.questions?.length ? r.questions.join('\n') : r.question);
  index.addAll(runs.map((r) => ({ id: r.runId, question: question(r), answer: r.answer ?? '', models: r.models.join(' ') })));
  return index;
}

/** The ids that match the query, best first; null when there is no query (everything matches). */
export function searchIds(index: MiniSearch<Doc> | null, query: string): string[] | null {
  if (!query.trim() || !index) return null;
  return index.search(query).map((r) => String(r.id));
}

/** The runs to show: matching the facets, in search order when there is a query, else as listed. */
export function applyFilter(runs: readonly RunSummary[], filter: HistoryFilter, ids: string[] | null): RunSummary[] {
  const facet = (r: RunSummary) => (!filter.status || r.status === filter.status) && (!filter.model || r.models.includes(filter.model));
  if (!ids) return runs.filter(facet);
  const byId = new Map(runs.map((r) => [r.runId, r]));
  return ids.flatMap((id) => byId.get(id) ?? []).filter(facet);
}

/** The choices the filter selects offer: what the history holds, sorted. */
export function facets(runs: readonly RunSummary[]): { statuses: string[]; models: string[] } {
  const statuses = new Set<string>();
  const models = new Set<string>();
  for (const r of runs) {
    statuses.add(r.status);
    r.models.forEach((m) => models.add(m));
  }
  return { statuses: [...statuses].sort(), models: [...models].sort() };
}
