/**
 * The sandbox host the Pyodide test suites run on: the Node worker thread by default, the Deno subprocess
 * (the real boundary, deno-host.ts) when RLM_TEST_SANDBOX=deno. The *.deno.test.ts files set it and re-run those
 * suites, so CI runs both hosts with the same tests.
 */
import type { TransportFactory } from './api';
import { denoTransport } from './deno-host';
import { nodeWorkerTransport } from './node-host';

export const testTransport: TransportFactory = () =>
  process.env.RLM_TEST_SANDBOX === 'deno' ? denoTransport() : nodeWorkerTransport();
