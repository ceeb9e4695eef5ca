/**
 * The Python sandbox for Node programs (CLI, server, library): the Deno subprocess host (deno-host.ts, a real
 * permission boundary) with the boot snapshot cached on disk. Node-only: never import this from page code.
 */
import { SandboxClient, type SandboxClientOptions } from './client';
import { denoTransport, type DenoTransportOptions } from './deno-host';
import { fileSnapshotStore } from './file-snapshot-store';

export { denoTransport, SANDBOX_BOUNDARY, type DenoTransportOptions } from './deno-host';
export { fileSnapshotStore } from './file-snapshot-store';
export { cacheDir } from './deno-bundle';

/** Starts one sandbox now (Python takes a few seconds to boot, ~1 s less with the cached snapshot). */
export function createNodeSandbox(options: SandboxClientOptions & { deno?: DenoTransportOptions } = {}): SandboxClient {
  const { deno, ...client } = options;
  return new SandboxClient(() => denoTransport(deno), { snapshotStore: fileSnapshotStore(), ...client });
}
