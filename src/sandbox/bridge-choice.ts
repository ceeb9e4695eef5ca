/**
 * Which bridge the worker uses (bridge.ts), decided once at start-up by Pyodide's own check, and the switch that
 * forces the SAB bridge where JSPI exists (`?bridge=sab`, and the tests: no browser flag turns JSPI off).
 */
import type { PyodideAPI } from 'pyodide';
import type { BridgeKind } from './protocol';

/** The worker's name (browser) that asks for the SAB bridge; see browser-host.ts. */
export const SAB_WORKER_NAME = 'rlm-sandbox bridge=sab';

/**
 * Deletes the JSPI entry points, so Pyodide (which looks for them once, when its module loads) runs without JSPI.
 * Must run before Pyodide is imported.
 */
export function removeJspi(): void {
  const wa = WebAssembly as unknown as Record<string, unknown>;
  for (const name of ['Suspending', 'promising', 'Suspender']) Reflect.deleteProperty(wa, name);
}

export const NO_BRIDGE_MESSAGE =
  'This browser cannot run the Python sandbox here: it has no WebAssembly JSPI (JavaScript Promise Integration), ' +
  'and this page is not cross-origin isolated, so there is no SharedArrayBuffer either; Python needs one of the ' +
  'two to wait for llm_query(). Fix either: open the page in a browser with JSPI (Chrome or Edge 137+, Firefox ' +
  '153+, Safari 27+), or serve it with the headers Cross-Origin-Opener-Policy: same-origin and ' +
  'Cross-Origin-Embedder-Policy: require-corp (README, "Hosting"), which Safari 26 and iOS 26 need.';

/** JSPI if Pyodide can use it (probed where it matters: inside runPythonAsync), else SAB if the page is isolated. */
export async function chooseBridge(py: PyodideAPI): Promise<BridgeKind> {
  const jspi = await py.runPythonAsync('from pyodide.ffi import can_run_sync\ncan_run_sync()');
  if (jspi === true) return 'jspi';
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  // Node has SharedArrayBuffer and no crossOriginIsolated.
  if (typeof SharedArrayBuffer !== 'undefined' && isolated !== false) return 'sab';
  throw new Error(NO_BRIDGE_MESSAGE);
}
