/**
 * For the Node tests of the real sandbox: run a suite under both bridges (bridge.ts). The SAB bridge is forced by
 * taking JSPI away from the worker thread before Pyodide loads, as `?bridge=sab` does in a browser.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TransportFactory } from './api';
import { SandboxClient } from './client';
import { nodeWorkerTransport } from './node-host';
import type { BridgeKind } from './protocol';

export const BRIDGES: BridgeKind[] = ['jspi', 'sab'];

export const transportFor = (bridge: BridgeKind): TransportFactory => () =>
  nodeWorkerTransport(bridge === 'sab' ? { bridge: 'sab' } : {});

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
