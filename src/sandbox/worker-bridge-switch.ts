/**
 * First import of worker.ts, so it runs before anything else in the worker: a worker started with the SAB bridge's
 * name (`?bridge=sab`, browser-host.ts) loses JSPI before Pyodide can look for it.
 */
import { removeJspi, SAB_WORKER_NAME } from './bridge-choice';

if ((globalThis as { name?: unknown }).name === SAB_WORKER_NAME) removeJspi();
