import { useEffect } from 'react';
import { useApp } from '../../store';
import { hashFor, parseHash } from './selection';

/** Opens the run and iteration a hash names: from history when another run is shown. */
async function applyHash(hash: string): Promise<void> {
  const v = parseHash(hash);
  if (!v) return;
  const s = useApp.getState();
  // The view is set first: it applies as soon as its run is the one shown.
  s.showIteration(v.run, v.child ?? v.run, v.it === null ? { mode: 'closed' } : { mode: 'pinned', index: v.it - 1 });
  if (s.trajectory?.rootRunId !== v.run) await s.openRun(v.run);
}

/**
 * The selection lives in the URL hash (`#run=<id>&it=<n>`), so a reload or a shared link
 * reopens the same place. Written with replaceState: stepping does not fill the back button.
 */
export function useHashSync(): void {
  useEffect(() => {
    void applyHash(location.hash);
    const onHash = () => void applyHash(location.hash);
    window.addEventListener('hashchange', onHash);
    const unsubscribe = useApp.subscribe((s, prev) => {
      if (s.trajectory === prev.trajectory && s.view === prev.view) return;
      const next = hashFor(s);
      if (next !== null && next !== location.hash) history.replaceState(history.state, '', next);
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      unsubscribe();
    };
  }, []);
}
