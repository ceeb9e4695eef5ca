import { useEffect } from 'react';
import { useApp } from '../store';
import { closeDetail } from './runview/actions';

/**
 * Esc in an input, textarea, select or contenteditable belongs to that
 * element (closing a select, clearing a search, leaving a field); only Esc
 * elsewhere on the page stops the run.
 */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  // Checkboxes, radios and buttons take no Esc of their own.
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes((target as HTMLInputElement).type);
}

/**
 * Page-wide Esc: stops a running or queued run (users rely on it); with no run going,
 * leaves the open iteration of the shown run.
 */
export function useGlobalKeys(): void {
  const stopRun = useApp((s) => s.stopRun);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || isEditableTarget(e.target)) return;
      // A queued run (waiting for the file or Python) is cancelled the same way.
      if (useApp.getState().runPhase.phase !== 'idle') stopRun();
      else if (closeDetail()) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stopRun]);
}
