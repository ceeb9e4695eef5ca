import { useEffect } from 'react';
import { isEditableTarget } from '../useGlobalKeys';
import { goFirst, goLast, step } from './actions';

const KEYS: Record<string, () => void> = {
  ArrowRight: () => step(1),
  j: () => step(1),
  ArrowLeft: () => step(-1),
  k: () => step(-1),
  Home: goFirst,
  End: goLast,
};

/** Whether a key belongs to the focused element rather than to stepping. */
function ownsKeys(target: EventTarget | null): boolean {
  if (isEditableTarget(target)) return true;
  // A pane separator resizes with the arrows; a range or a select has its own.
  return target instanceof HTMLElement && target.closest('[role="separator"], [role="slider"]') !== null;
}

/** ←/→, j/k, Home/End step through the shown run's iterations, never while typing. */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = KEYS[e.key];
      if (!action || e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target)) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
