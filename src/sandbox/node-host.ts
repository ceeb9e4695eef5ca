/**
 * Node host of the sandbox engine, for tests and tools: the same engine.ts as the browser worker, run in a
 * worker_threads thread so a time limit can really terminate it (an in-process `while True: pass` would block the
 * test itself). This one file is both sides: imported on the main thread it exports nodeWorkerTransport(); loaded as
 * the thread's entry (through tsx, since Node 20 cannot run .ts itself) it starts the engine.
 *
 * Not a security boundary: in Node, model code could reach `process` through the `js` module. Only for trusted use.
 * JSPI needs the process to run with --experimental-wasm-stack-switching (vitest.config.ts sets it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { PyodideConfig } from 'pyodide';
import type { SandboxTransport } from './client';
import { createEngine } from './engine';
import { removeJspi } from './bridge-choice';
import type { PageMessage, WorkerMessage } from './protocol';

const MARK = 'rlm-sandbox-node-host';
const HOST_ERROR = 'rlm-sandbox-host-error';

/** Starts one sandbox thread and adapts it to the SandboxTransport shape the client expects. `bridge: 'sab'` takes
 * JSPI away from the thread before Pyodide loads, so the SharedArrayBuffer bridge runs (tests cover both). */
export function nodeWorkerTransport(opts: { bridge?: 'sab' } = {}): SandboxTransport {
  return threadTransport(sourceWorker(opts));
}

/** The same, with a compiled entry that calls startEngineThread itself (the packaged CLI has no tsx). */
export function compiledWorkerTransport(entry: URL): SandboxTransport {
  return threadTransport(new Worker(entry));
}

function sourceWorker(opts: { bridge?: 'sab' }): Worker {
  const require = createRequire(import.meta.url);
  // tsx's ESM API; `require.resolve` picks the CJS entry, the ESM one sits next to it.
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const self = import.meta.url;
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`;
  return new Worker(boot, { eval: true, workerData: { [MARK]: true, bridge: opts.bridge ?? null } });
}

function threadTransport(worker: Worker): SandboxTransport {
  let exited = false;
  const transport: SandboxTransport = {
    postMessage: (msg: PageMessage, transfer?: Transferable[]) =>
      worker.postMessage(msg, (transfer ?? []) as unknown as ArrayBuffer[]),
    onmessage: null,
    onerror: null,
    terminate: () => {
      exited = true;
      void worker.terminate();
    },
  };
  worker.on('message', (data) => {
    const hostError = (data as Record<string, unknown> | null)?.[HOST_ERROR];
    if (typeof hostError === 'string') transport.onerror?.(hostError, false);
    else transport.onmessage?.(data);
  });
  // An uncaught error ends a worker thread (unlike a browser worker), so both events are fatal.
  worker.on('error', (e: unknown) => transport.onerror?.((e as Error)?.message || String(e), true));
  worker.on('exit', (code) => !exited && transport.onerror?.(`worker thread exited (${code})`, true));
  return transport;
}

function readPython(): string {
  const dir = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  return ['./prelude.py', './namespaces.py', './context.py', './varinfo.py'].map((f) => readFileSync(dir(f), 'utf8')).join('\n');
}

/** The thread's side; a bundled entry (src/node/sandbox-worker.ts) passes the Python it carries inlined. */
export function startEngineThread(python: string = readPython()): void {
  const port = parentPort!;
  if ((workerData as Record<string, unknown> | null)?.bridge === 'sab') removeJspi();
  const handle = createEngine({
    python,
    // Pyodide guesses its own location from a stack trace, which the tsx loader hides: say it explicitly.
    indexURL: path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json')) + path.sep,
    loadPyodide: async (config: PyodideConfig) => (await import('pyodide')).loadPyodide(config),
    post: (msg: WorkerMessage, transfer?: Transferable[]) =>
      port.postMessage(msg, (transfer ?? []) as unknown as ArrayBuffer[]),
  });
  port.on('message', handle);
  // A browser worker survives an uncaught error (it only fires an error event); a Node thread would die. Behave like
  // the browser: Pyodide can surface a KeyboardInterrupt this way even when Python handled it.
  const report = (e: unknown) => port.postMessage({ [HOST_ERROR]: String((e as Error)?.stack ?? e).slice(0, 2000) });
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[MARK]) startEngineThread();
