import { useEffect, useRef, useState } from 'react';
import { replay, type Trajectory } from '../../core/trajectory';
import { useApp } from '../../store';
import { CompareView } from './CompareView';

type Loaded = { state: 'loading' } | { state: 'ready'; a: Trajectory; b: Trajectory } | { state: 'error'; message: string };

/**
 * The compare view as a modal dialog over the page (a native <dialog>: focus stays inside,
 * Esc closes it). Mounted by the history panel, so the run view is left as it is.
 */
export function CompareDialog({ ids, onClose }: { ids: [string, string]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const loadEvents = useApp((s) => s.loadEvents);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    void Promise.all(ids.map(loadEvents)).then(([ea, eb]) => {
      const a = ea && replay(ea);
      const b = eb && replay(eb);
      if (!live) return;
      setLoaded(a && b ? { state: 'ready', a, b } : { state: 'error', message: 'One of these runs could not be read from history.' });
    });
    return () => void (live = false);
  }, [ids, loadEvents]);

  return (
    <dialog
      ref={ref}
      aria-labelledby="compare-title"
      onClose={onClose}
      // Esc here closes the dialog only: the page's Esc (stop a live run) must not fire as well.
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[90vh] w-[min(72rem,95vw)] overflow-y-auto rounded-lg border border-slate-700 bg-slate-950 p-4 text-slate-200 backdrop:bg-black/60"
    >
      <div className="mb-3 flex items-center">
        <h2 id="compare-title" className="text-base font-semibold text-slate-100">
          Compare runs
        </h2>
        <button type="button" data-testid="compare-close" onClick={onClose} className="ml-auto rounded bg-slate-800 px-2 py-0.5 text-xs hover:bg-slate-700">
          Close
        </button>
      </div>
      {loaded.state === 'loading' && <p className="text-xs text-slate-400">Loading both runs…</p>}
      {loaded.state === 'error' && (
        <p role="alert" className="text-xs text-amber-300">
          {loaded.message}
        </p>
      )}
      {loaded.state === 'ready' && <CompareView a={loaded.a} b={loaded.b} />}
    </dialog>
  );
}
