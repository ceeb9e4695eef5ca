import { createElement, lazy, type ComponentType } from 'react';

export interface Preloadable<P> {
  /** Renders the component: at once when its chunk is already here, else through React.lazy (needs a Suspense). */
  Component: ComponentType<P>;
  /** Fetches the chunk now (once); resolves when it is ready to render without suspending. */
  preload(): Promise<void>;
}

/**
 * A code-split component that can be fetched ahead of need. React.lazy alone suspends on first render even when the
 * chunk arrived long ago (its promise has no synchronous status), and a revealed Suspense fallback is only replaced
 * after React's fallback throttle: on the first run after load that cost ~250 ms between the model's answer and the
 * answer on screen. Once preloaded, the component renders directly, in the same commit.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => {
        loaded = m.default;
      },
      (e: unknown) => {
        pending = null; // a failed fetch (offline, a new deploy) may be retried by the next render
        throw e;
      },
    ));
  const Lazy = lazy(async () => {
    await preload();
    return { default: loaded! };
  });
  function Component(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return { Component, preload };
}
