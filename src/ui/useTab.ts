import { useCallback, useEffect, useState } from 'react';

export type AppTab = 'run' | 'bench';

export function tabFromSearch(search: string): AppTab {
  return new URLSearchParams(search).get('tab') === 'bench' ? 'bench' : 'run';
}

/** The search string with `tab` set (or removed for the default tab), every other parameter kept in its place. */
export function searchWithTab(search: string, tab: AppTab): string {
  const q = new URLSearchParams(search);
  if (tab === 'run') q.delete('tab');
  else q.set('tab', tab);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The open tab, kept in the URL (`?tab=bench`) with replaceState, so a reload or a shared link opens the
 * same tab, and back/forward (a pushed URL elsewhere) is followed.
 */
export function useTab(): [AppTab, (t: AppTab) => void] {
  const [tab, setTabState] = useState<AppTab>(() => tabFromSearch(location.search));
  useEffect(() => {
    const onPop = () => setTabState(tabFromSearch(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const setTab = useCallback((t: AppTab) => {
    setTabState(t);
    const next = searchWithTab(location.search, t);
    if (next !== location.search) history.replaceState(history.state, '', `${location.pathname}${next}${location.hash}`);
  }, []);
  return [tab, setTab];
}
