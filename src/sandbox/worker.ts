/**
 * Browser host of the sandbox engine: a module worker started by SandboxClient (see browser-host.ts).
 *
 * Pyodide is imported from our own origin's <base>pyodide/ (served by tools/vite/sandbox-plugin.ts), never from a
 * CDN and never bundled: the worker's CSP (script-src 'self' 'wasm-unsafe-eval') allows exactly that.
 */
import './worker-bridge-switch'; // first: it must run before Pyodide loads
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import { createEngine } from './engine';
import type { WorkerMessage } from './protocol';
import prelude from './prelude.py?raw';
import namespacesPy from './namespaces.py?raw';
import contextPy from './context.py?raw';
import varinfoPy from './varinfo.py?raw';

/** The bits of DedicatedWorkerGlobalScope we use (the webworker lib would clash with DOM types project-wide). */
interface WorkerScope {
  location: { origin: string; href: string };
  postMessage(msg: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

// The build is base-relative (it may be served at /rlm/): the worker sits two folders below the base, as
// assets/sandbox/ when built (WORKER_ASSET_DIR) and as src/sandbox/ in dev, so Pyodide is at ../../pyodide/.
const indexURL = new URL('../../pyodide/', scope.location.href).href;

async function loadPyodide(config: PyodideConfig): Promise<PyodideAPI> {
  // A runtime URL import keeps Pyodide out of the bundle (its Node-only branches make the bundler warn).
  const mod: { loadPyodide: (c: PyodideConfig) => Promise<PyodideAPI> } = await import(
    /* @vite-ignore */ indexURL + 'pyodide.mjs'
  );
  return mod.loadPyodide(config);
}

const handle = createEngine({
  loadPyodide,
  indexURL,
  python: [prelude, namespacesPy, contextPy, varinfoPy].join('\n'),
  post: (msg: WorkerMessage, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []),
  scope,
});

scope.onmessage = (e: MessageEvent) => handle(e.data);
