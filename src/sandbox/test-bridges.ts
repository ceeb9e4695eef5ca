/**
 * For the Node tests of the real sandbox: run a suite under both bridges (bridge.ts). The SAB bridge is forced by
 * taking JSPI away from the worker thread before Pyodide loads, as `?bridge=sab` does in a browser.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TransportFactory } from './api';
import { SandboxClient } from './client';
import { denoTransport } from './deno-host';
import { nodeWorkerTransport } from './node-host';
import type { BridgeKind } from './protocol';

/** The *.deno.test.ts files re-run these suites on the Deno host (test-host.ts), which has JSPI and one bridge. */
const onDeno = () => process.env.RLM_TEST_SANDBOX === 'deno';

export const BRIDGES: BridgeKind[] = onDeno() ? ['jspi'] : ['jspi', 'sab'];

export const transportFor = (bridge: BridgeKind): TransportFactory => () =>
  onDeno() ? denoTransport() : nodeWorkerTransport(bridge === 'sab' ? { bridge: 'sab' } : {});

/** One sandbox on `bridge` for the enclosing describe: booted before its tests, disposed after. The returned object
 * stands for the client (it forwards to the one made in beforeAll). */
export function suiteSandbox(bridge: BridgeKind): SandboxClient {
  let client: SandboxClient | null = null;
  beforeAll(async () => {
    client = new SandboxClient(transportFor(bridge));
    await client.whenReady();
  });
  afterAll(() => client?.dispose());
  return new Proxy({} as SandboxClient, {
    get: (_, key) => {
      const value = Reflect.get(client!, key, client!);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}
