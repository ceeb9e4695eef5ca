import { useSyncExternalStore } from 'react';
import { pwaStore } from '../pwa/register';
import { useApp } from '../store';
import { isRunning } from '../store/runGate';

const box = 'fixed bottom-4 right-4 z-50 flex max-w-md items-center gap-3 rounded border px-3 py-2 text-sm shadow-lg';

/** The service worker's notices: a new version (reload on request only, never during a run) and the one reload that
 * gives a header-less host its boundary headers. */
export function PwaNotices() {
  const pwa = useSyncExternalStore(pwaStore.subscribe, pwaStore.get);
  const busy = useApp((s) => isRunning(s) || s.bench.phase.phase === 'running');
  if (pwa.update) {
    return (
      <div role="status" data-testid="update-prompt" className={`${box} border-sky-800 bg-sky-950 text-sky-100`}>
        <span>A new version is available — Reload</span>
        <button type="button" data-testid="update-reload" disabled={busy} onClick={pwaStore.reloadToUpdate}
          className="rounded bg-sky-700 px-2 py-1 text-white hover:bg-sky-600 disabled:opacity-50">
          {busy ? 'Reload (after this run)' : 'Reload'}
        </button>
      </div>
    );
  }
  if (pwa.headerReload === 'none') return null;
  const text = {
    reloading: 'This host sends no boundary headers: reloading once so the offline copy supplies them…',
    reloaded: 'Reloaded once: this host sends no boundary headers, so the offline copy (service worker) supplies them.',
    held: 'This host sends no boundary headers; the offline copy supplies them after one reload (a loaded file and this session would go).',
  }[pwa.headerReload];
  return (
    <div role="status" data-testid="sw-header-reload" data-phase={pwa.headerReload}
      className={`${box} border-slate-700 bg-slate-900 text-slate-200`}>
      <span>{text}</span>
      {pwa.headerReload === 'held' && (
        <button type="button" disabled={busy} onClick={pwaStore.reloadNow}
          className="rounded bg-slate-700 px-2 py-1 hover:bg-slate-600 disabled:opacity-50">
          {busy ? 'Reload (after this run)' : 'Reload'}
        </button>
      )}
      {pwa.headerReload === 'reloaded' && (
        <button type="button" onClick={pwaStore.dismiss} aria-label="Dismiss" className="rounded px-2 py-1 hover:bg-slate-700">
          ✕
        </button>
      )}
    </div>
  );
}
