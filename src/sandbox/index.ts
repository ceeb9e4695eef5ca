/**
 * The Python sandbox as the rest of the app sees it. Browser code imports from here; Node tests import
 * nodeWorkerTransport from './node-host' directly (it pulls in node: modules, so it is not re-exported).
 */
import { browserWorkerTransport } from './browser-host';
import { SandboxClient, type SandboxClientOptions } from './client';
import { indexedDbSnapshotStore } from './snapshot-store';

export { browserWorkerTransport } from './browser-host';
export { SandboxClient, SandboxError } from './client';
export type {
  ContextFile, SandboxClientOptions, SandboxClientStatus, SandboxErrorCode, SandboxTransport, TransportFactory,
} from './client';
export { CANCELLED, LIMITS } from './protocol';
export type { BoundaryLayers } from './protocol';

/** Starts the sandbox worker now (call at page load, never on Run: Python takes a few seconds to boot).
 * `bridge: 'sab'` forces the SharedArrayBuffer bridge even where JSPI exists (`?bridge=sab`). */
export function createBrowserSandbox(options: SandboxClientOptions & { bridge?: 'sab' } = {}): SandboxClient {
  const { bridge, ...rest } = options;
  const snapshotStore = typeof indexedDB === 'undefined' ? undefined : indexedDbSnapshotStore();
  return new SandboxClient(() => browserWorkerTransport({ bridge }), { snapshotStore, ...rest });
}
