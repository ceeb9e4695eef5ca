/**
 * The response headers the sandbox's boundary relies on, in one place: tools/vite/sandbox-plugin.ts sends them in dev
 * and preview, the service worker (src/pwa/sw.ts) adds them to every response it serves (so a host that sends none,
 * such as GitHub Pages, gets both layers after the first visit), and public/_headers lists them for static hosts
 * (headers.test.ts keeps it in step).
 */

/** The sandbox worker's own policy: a worker's CSP comes from its script response, not from the page. */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'none'";

/** Cross-origin isolation: SharedArrayBuffer, which Stop uses to interrupt Python in place. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Built location of the sandbox worker, relative to the base URL (its own folder, so hosts can match it). */
export const WORKER_ASSET_DIR = 'assets/sandbox/';
/** Pyodide's runtime files, relative to the base URL. */
export const PYODIDE_DIR = 'pyodide/';

/** Whether a path relative to the base URL (no leading slash) must carry the sandbox CSP. */
export const needsCspAt = (relPath: string) => relPath.startsWith(PYODIDE_DIR) || relPath.startsWith(WORKER_ASSET_DIR);

/** The headers a response at `relPath` (relative to the base URL) must carry. */
export function boundaryHeaders(relPath: string): Record<string, string> {
  return needsCspAt(relPath) ? { ...ISOLATION_HEADERS, 'Content-Security-Policy': SANDBOX_CSP } : { ...ISOLATION_HEADERS };
}
