import type { ChatProvider, ContextMeta, ReplFactory, Repl } from '../core/types';
import type { ContextFile } from '../sandbox/api';
import type { BoundaryLayers } from '../sandbox/protocol';
import type { ProviderConfig } from '../providers';
import type { RunEvent } from '../core/events';
import type { KeyStore } from './keyStore';
import type { BenchStore } from './benchDb';

export type { ContextFile };

/**
 * The whole store's state: every slice's interface, joined in appState.ts (declaration merging). The
 * slices import this file and it imports none of them, so the store's files point one way.
 */
export interface AppState {}

/** What the page needs of the sandbox client's status (src/sandbox/api.ts): can a run use Python yet. */
/** `layers`: the boundary the worker found in place (absent in fakes); `bridge`: how Python waits for llm_query
 * (sandbox/bridge.ts), 'sab' runs child runs one at a time. */
export type SandboxReadiness =
  | { state: 'loading' }
  | { state: 'ready'; layers?: BoundaryLayers; bridge?: 'jspi' | 'sab' }
  | { state: 'error'; message: string };

/** The page-side sandbox as the store needs it; the real one is src/sandbox/client.ts. */
export interface SandboxPort extends Repl {
  subscribe(listener: (s: SandboxReadiness) => void): () => void;
  /** slot 0 (default): `context`, a new session; slot n: `context_n`, variables kept (sessions). */
  loadContext(files: ContextFile[] | null, opts?: { slot?: number }): Promise<ContextMeta | null>;
  /** Clears the model's variables and extra contexts, keeps `context`: every run starts from a clean namespace. */
  reset(): Promise<void>;
  /** A child run's REPL (rlm_query); absent in fakes without recursion (rlm_query then answers as llm_query). */
  spawnRepl?: ReplFactory;
}

/** Everything outside the store, injected so the store runs in tests too. */
export interface StoreDeps {
  sandbox: SandboxPort;
  createProvider(config: ProviderConfig): ChatProvider;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  search: string;
  history: HistoryStore;
  keyStore: KeyStore;
  /** Run ids: unique across page loads, tabs and imported files (crypto.randomUUID in the browser). */
  newId(): string;
  now(): number;
  /** Benchmarks: their own IndexedDB store and a sandbox pool per matrix; absent: in memory, on `sandbox`. */
  bench?: BenchDeps;
}

export interface RunSummary {
  runId: string;
  question: string;
  startedAt: number;
  status: string;
  answer: string | null;
  rootModel: string;
  iterations: number;
  wallMs: number;
  contextName: string | null;
  /** Every model the run used (root, sub, child runs), for search and the model filter. Old records: [rootModel]. */
  models: string[];
  /** The context file's hash, when it was computed (runs before it existed have none). */
  contextSha256?: string;
  /** The user's file is stored beside the run ("keep the file with the run"). */
  keptFile?: boolean;
  /** A session (more than one question on one REPL): how many turns, and every turn's question, for search. */
  turns?: number;
  questions?: string[];
  /** A fork: the run and iteration it continued from (history shows it under its parent). */
  forkOf?: { runId: string; iteration: number };
}

/** What the bench needs of a sandbox pool (src/sandbox/pool.ts SandboxPool). */
export type { BenchPool } from '../bench/schedule';
import type { BenchPool } from '../bench/schedule';

export interface BenchDeps {
  store: BenchStore;
  /** A fresh pool of `size` sandboxes for one matrix run; disposed when it ends. */
  pool(size: number): BenchPool;
}

export interface HistoryStore {
  list(): Promise<RunSummary[]>;
  save(summary: RunSummary, events: RunEvent[]): Promise<void>;
  load(runId: string): Promise<RunEvent[] | null>;
  /** Deletes the run and any file kept with it. */
  remove(runId: string): Promise<void>;
  /** The context files kept with a run (the user ticked "keep the file with the run"). */
  saveFiles(runId: string, files: File[]): Promise<void>;
  loadFiles(runId: string): Promise<File[] | null>;
}
