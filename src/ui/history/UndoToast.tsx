import { useEffect, useRef } from 'react';
import { useApp } from '../../store';

const SHOW_MS = 8000;

/**
 * "Deleted … Undo" for a few seconds after a run is deleted. Focus moves to Undo when the delete came from the
 * keyboard (the deleted row's button is gone, so focus would fall to the page); the toast stays while it has focus.
 */
export function UndoToast() {
  const deleted = useApp((s) => s.deletedRun);
  const undo = useApp((s) => s.undoDelete);
  const dismiss = useApp((s) => s.dismissDeleted);
  const button = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stop = () => {
    if (timer.current !== null) clearTimeout(timer.current);
  };
  const start = () => {
    stop();
    timer.current = setTimeout(dismiss, SHOW_MS);
  };
  useEffect(() => {
    if (!deleted) return;
    start();
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) button.current?.focus();
    return stop;
  }, [deleted]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!deleted) return null;
  return (
    <div
      role="status"
      data-testid="history-undo-toast"
      onFocus={stop}
      onBlur={start}
      onMouseEnter={stop}
      onMouseLeave={start}
      className="fixed bottom-4 left-4 z-50 flex max-w-sm items-center gap-3 rounded-lg border border-slate-600 bg-slate-800 px-3 py-2 text-sm text-slate-100 shadow-lg"
    >
      <span className="min-w-0 truncate" title={deleted.summary.question}>
        Deleted “{deleted.summary.question}”
      </span>
      <button
        ref={button}
        type="button"
        data-testid="history-undo"
        className="shrink-0 rounded bg-sky-700 px-2 py-0.5 font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-300"
        onClick={() => void undo()}
      >
        Undo
      </button>
      <button type="button" aria-label="Close" className="shrink-0 text-slate-400 hover:text-slate-100" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
