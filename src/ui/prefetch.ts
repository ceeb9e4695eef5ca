import { preloadMarkdown } from './kit/LazyMarkdown';
import { preloadRunBody } from './runview/RunView';

/**
 * The chunks the first run's answer needs, fetched once the page is idle after load: they stay out of the first-load
 * JS, and off the critical path of the first answer (fetched after the model calls, they added ~250 ms to it). The
 * run view first (it shows the answer, with plain text until markdown is here), then the markdown renderer.
 */
export function prefetchRunChunks(): Promise<void> {
  return preloadRunBody().then(preloadMarkdown);
}

/** Runs `prefetchRunChunks` when the browser is idle (at the latest after `timeoutMs`); failures wait for real use. */
export function prefetchWhenIdle(timeoutMs = 2000): void {
  const go = () => void prefetchRunChunks().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: timeoutMs });
  else setTimeout(go, 200);
}
