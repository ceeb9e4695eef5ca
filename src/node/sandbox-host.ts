/**
 * Where every Node sandbox (library, CLI, server, tests of them) gets its Python from: ONE place, so the host can be
 * swapped (a Deno subprocess with permissions, src/sandbox/client.ts's SandboxTransport seam) by changing HOST below.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SandboxTransport, TransportFactory } from '../sandbox/api';
import type { SandboxClientOptions } from '../sandbox/client';
import { compiledWorkerTransport, nodeWorkerTransport } from '../sandbox/node-host';
import { denoTransport, SANDBOX_BOUNDARY as DENO_BOUNDARY } from '../sandbox/deno-host';
import { fileSnapshotStore } from '../sandbox/file-snapshot-store';

/**
 * A Node worker thread: the compiled entry next to this module when built (lib/), tsx from the sources. Not a
 * boundary; kept for trusted callers that pass it as `transport` (it needs no Deno).
 */
export function nodeThreadTransport(): SandboxTransport {
  assertJspi();
  const entry = new URL('./sandbox-worker.js', import.meta.url);
  return existsSync(fileURLToPath(entry)) ? compiledWorkerTransport(entry) : nodeWorkerTransport();
}

/** The switch. `boundary` says whether model code is kept from files, network, env and processes. */
const HOST: { transport: TransportFactory; boundary: boolean } = { transport: () => denoTransport(), boundary: true };

export const defaultTransport: TransportFactory = () => HOST.transport();

/** Client options for sandboxes on the default host: its boot snapshot is cached on disk across processes. */
export function defaultClientOptions(transport: TransportFactory): SandboxClientOptions {
  return transport === defaultTransport ? { snapshotStore: fileSnapshotStore() } : {};
}

/** What --help and the README say about the sandbox, true for the host in use. */
export const SANDBOX_BOUNDARY = HOST.boundary
  ? DENO_BOUNDARY
  : 'Model-written Python runs in a Node worker thread, which is NOT a security boundary (it could reach this ' +
    "process's files, network and environment); a permission-enforcing host is being put in. Run only models you trust.";

/**
 * Pyodide's synchronous llm_query needs JSPI: Node 20 has it behind --experimental-wasm-stack-switching, 22–24 behind
 * --experimental-wasm-jspi, 25+ by default (26 refuses both flags). The flag must be on Node's command line: V8 flags
 * cannot go through NODE_OPTIONS, and v8.setFlagsFromString before the worker starts crashed Pyodide (tried, 20.20).
 * Returns the flag this process lacks, or null when JSPI is there.
 */
export function missingJspiFlag(): string | null {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  if ('Suspending' in wasm || 'Suspender' in wasm) return null;
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 25) return null;
  return major >= 22 ? '--experimental-wasm-jspi' : '--experimental-wasm-stack-switching';
}

/** Says how to start Node when the sandbox could not work in this process. */
export function assertJspi(): void {
  const flag = missingJspiFlag();
  if (flag) {
    throw new Error(`Python's llm_query needs WebAssembly JSPI, which Node ${process.versions.node} has only when started with ${flag} ` +
      `(e.g. node ${flag} app.js); the rlm-studio command adds it by itself.`);
  }
}
