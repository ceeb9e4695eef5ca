/**
 * Browser transport for SandboxClient: a dedicated module worker running worker.ts.
 * Vite recognises the `new Worker(new URL(...), ...)` form and bundles worker.ts as its own asset
 * (assets/sandbox/rlm-sandbox-worker-<hash>.js, see tools/vite/sandbox-plugin.ts, which sends its CSP).
 */
import type { PageMessage } from './protocol';
import type { SandboxTransport } from './client';
import { SAB_WORKER_NAME } from './bridge-choice';

/** `bridge: 'sab'` forces the SharedArrayBuffer bridge where JSPI exists (`?bridge=sab`, tests): the worker's name
 * tells it, since the switch must act before Pyodide loads (worker-bridge-switch.ts). */
export function browserWorkerTransport(opts: { bridge?: 'sab' } = {}): SandboxTransport {
  const name = opts.bridge === 'sab' ? SAB_WORKER_NAME : 'rlm-sandbox';
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
  const transport: SandboxTransport = {
    postMessage: (msg: PageMessage, transfer?: Transferable[]) => worker.postMessage(msg, transfer ?? []),
    onmessage: null,
    onerror: null,
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (e) => transport.onmessage?.(e.data);
  worker.onmessageerror = () => transport.onerror?.('a message from the sandbox could not be deserialised');
  worker.onerror = (e) => {
    e.preventDefault();
    transport.onerror?.(e.message || 'the sandbox worker failed to start');
  };
  return transport;
}
