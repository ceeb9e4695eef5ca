/**
 * The service worker (built by vite-plugin-pwa, strategy injectManifest, as <base>sw.js):
 *  - precaches the app shell, the sandbox worker and Pyodide's runtime files, so the page, Python, history and the
 *    benchmark tab work with the app's server gone (LLM calls go to other origins and are never touched here);
 *  - adds the boundary's response headers (src/sandbox/headers.ts) to everything it serves, so a host that sends no
 *    headers at all still gives the page cross-origin isolation and the sandbox worker its CSP from the second load;
 *  - waits when a new version is found: the page asks the user (update-prompt) and only then sends SKIP_WAITING.
 * Workbox rather than by hand: precaching with revisions, cleanup of old caches and the update flow are its job.
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { withBoundaryHeaders } from './withHeaders';

interface SwScope {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  addEventListener(type: 'activate', fn: (e: { waitUntil(p: Promise<unknown>): void }) => void): void;
}
declare const self: SwScope;

const headers: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => withBoundaryHeaders(response, request.url, self.registration.scope),
};

addPlugins([headers]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every navigation in scope is the one page (its state lives in the query and the hash).
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// The in-page model's runtime is not precached (most never use it): kept on first use, so it works offline after.
registerRoute(({ url }) => url.href.startsWith(self.registration.scope) && /\/wllama[^/]*\.wasm$/.test(url.pathname),
  new CacheFirst({ cacheName: 'rlm-inpage-runtime', plugins: [headers] }));
// Anything else of ours that was not precached still gets the headers; other origins are left alone.
registerRoute(({ url }) => url.href.startsWith(self.registration.scope), new NetworkOnly({ plugins: [headers] }));

self.addEventListener('message', (e) => {
  if ((e.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// Take the open page at once: on a header-less host it needs this worker's headers (the page reloads once).
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
