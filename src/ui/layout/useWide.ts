import { useSyncExternalStore } from 'react';

/** Tailwind's `lg` breakpoint: at and above it the sidebar stays open and the run view splits into resizable panes. */
export const WIDE_QUERY = '(min-width: 64rem)';

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(WIDE_QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

/** Whether the window is desktop-wide; follows resizes and rotation. */
export function useWide(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE_QUERY).matches,
    () => true,
  );
}
