/**
 * Where every Node sandbox (library, CLI, server, tests of them) gets its Python from: ONE place, so the host can be
 * swapped (a Deno subprocess with permissions, src/sandbox/client.ts's SandboxTransport seam) by changing HOST below.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { SandboxTransport, TransportFactory } from '../sandbox/api';
import { compiledWorkerTransport, nodeWorkerTransport } from '../sandbox/node-host';

/** A Node worker thread: the compiled entry next to this module when built (dist/), tsx from the sources. */
function nodeThreadTransport(): SandboxTransport {
  enableJspi();
  const entry = new URL('./sandbox-worker.js', import.meta.url);
  return existsSync(fileURLToPath(entry)) ? compiledWorkerTransport(entry) : nodeWorkerTransport();
}

/** The switch. `boundary` says whether model code is kept from files, network, env and processes. */
const HOST: { transport: TransportFactory; boundary: boolean } = { transport: nodeThreadTransport, boundary: false };

export const defaultTransport: TransportFactory = () => HOST.transport();

/** What --help and the README say about the sandbox, true for the host in use. */
export const SANDBOX_BOUNDARY = HOST.boundary
  ? 'Model-written Python runs in a sandbox without access to your files, network, environment or processes.'
  : 'Model-written Python runs in a Node worker thread, which is NOT a security boundary (it could reach this ' +
    "process's files, network and environment); a permission-enforcing host is being put in. Run only models you trust.";

let jspiTried = false;

/**
 * Pyodide's synchronous llm_query needs JSPI. Node 20 has it behind --experimental-wasm-stack-switching, 22–24 behind
 * --experimental-wasm-jspi, 25+ by default (26 refuses both flags at start-up). V8 flags cannot go through NODE_OPTIONS
 * or a Worker's execArgv, but set here before the worker starts they reach its isolate.
 */
export function enableJspi(): void {
  if (jspiTried) return;
  jspiTried = true;
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  if ('Suspending' in wasm || 'Suspender' in wasm) return;
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 25) return;
  v8.setFlagsFromString(major >= 22 ? '--experimental-wasm-jspi' : '--experimental-wasm-stack-switching');
}
