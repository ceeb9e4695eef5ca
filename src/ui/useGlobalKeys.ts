import { useEffect } from 'react';
import { useApp } from '../store';

/**
 * Esc in an input, textarea, select or contenteditable belongs to that
 * element (closing a select, clearing a search, leaving a field); only Esc
 * elsewhere on the page stops the run.
 */
function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  // Checkboxes, radios and buttons take no Esc of their own.
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes((target as HTMLInputElement).type);
}

/** Page-wide keys: Esc stops a running or queued run. */
export function useGlobalKeys(): void {
  const stopRun = useApp((s) => s.stopRun);
  // A queued run (waiting for the file or Python) is cancelled the same way.
  const running = useApp((s) => s.runPhase.phase !== 'idle');
  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || isEditableTarget(e.target)) return;
      stopRun();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running, stopRun]);
}
