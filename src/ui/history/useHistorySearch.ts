import { useEffect, useMemo, useState } from 'react';
import type { RunSummary } from '../../store/types';
import { applyFilter, buildIndex, loadMiniSearch, searchIds, type HistoryFilter, type MiniSearchClass } from './historySearch';

/** The history as filtered; minisearch loads with the first query, the index is rebuilt when the list changes. */
export function useHistorySearch(history: RunSummary[], filter: HistoryFilter): RunSummary[] {
  const [MS, setMS] = useState<MiniSearchClass | null>(null);
  const wantsSearch = filter.query.trim() !== '';
  useEffect(() => {
    if (!wantsSearch || MS) return;
    let live = true;
    void loadMiniSearch().then((c) => live && setMS(() => c));
    return () => void (live = false);
  }, [wantsSearch, MS]);
  const index = useMemo(() => (MS ? buildIndex(MS, history) : null), [MS, history]);
  return useMemo(() => {
    // Until the library has loaded, a query shows nothing rather than everything.
    if (wantsSearch && !index) return [];
    return applyFilter(history, filter, searchIds(index, filter.query));
  }, [history, filter, index, wantsSearch]);
}
