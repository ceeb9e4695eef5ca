/**
 * Public types of the sandbox client (re-exported by client.ts and index.ts).
 */
import type { ContextFormat } from '../core/types';
import type { BoundaryLayers, BridgeKind, ContextErrorCode, PageMessage, SandboxState } from './protocol';

/** A postMessage-like endpoint to one sandbox instance (a Worker, a worker thread, later an iframe). */
export interface SandboxTransport {
  postMessage(msg: PageMessage, transfer?: Transferable[]): void;
  /** Receives raw, untrusted data. */
  onmessage: ((data: unknown) => void) | null;
  /** `fatal`: the instance is gone (Node worker thread exit); otherwise an uncaught error inside it. */
  onerror: ((message: string, fatal?: boolean) => void) | null;
  terminate(): void;
}
export type TransportFactory = () => SandboxTransport;

export interface SandboxClientStatus {
  state: SandboxState;
  message: string;
  /** Stops interrupt Python in place (SharedArrayBuffer available) instead of restarting it. */
  canInterrupt: boolean;
  /** Milliseconds from worker start to ready, once ready. */
  bootMs?: number;
  /** Which boundary layers the worker found in place, once ready. */
  layers?: BoundaryLayers;
  /** How Python waits for llm_query (bridge.ts), once ready. */
  bridge?: BridgeKind;
}

export interface ContextFile {
  name: string;
  /** A Blob/File is read by the worker, in slices, each time it is needed (a load, a reload after a restart); an
   * ArrayBuffer is copied into a Blob once and may be reused by the caller. */
  bytes: ArrayBuffer | Blob;
  format: ContextFormat;
}

export type SandboxErrorCode = ContextErrorCode | 'unavailable' | 'restarted' | 'disposed';

export class SandboxError extends Error {
  constructor(message: string, readonly code: SandboxErrorCode, readonly file?: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

export interface SandboxClientOptions {
  /** Use the SharedArrayBuffer interrupt; default: when SharedArrayBuffer exists and the page is isolated. */
  interrupt?: boolean;
  /** How long a stopped block may take to unwind before the worker is replaced. */
  graceMs?: number;
  /** Concurrent onSubcall calls for one llm_query_batched (the official RLM uses 16). */
  subcallConcurrency?: number;
  /** A worker not ready after this long is reported as failed (restart() retries); default 90 s. */
  bootTimeoutMs?: number;
  /** Keep a Pyodide memory snapshot from the first boot so restarts take ~0.3 s instead of 2-4 s (default true). */
  snapshot?: boolean;
  /** Keeps that snapshot across page loads (repeat visits ready in ~0.5 s instead of ~2 s). */
  snapshotStore?: SnapshotStore;
}

/**
 * Where the page keeps the boot snapshot between visits. Only snapshots made by a worker booting cold, before it
 * ran any scaffold or model code, are ever saved, so model code cannot plant state that outlives its session.
 */
export interface SnapshotStore {
  load(): Promise<Uint8Array | null>;
  save(data: Uint8Array): Promise<void>;
}
