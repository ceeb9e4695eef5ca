import type { ChatProvider, ContextFormat, ContextMeta, Repl } from '../core/types';
import type { ProviderConfig } from '../providers';
import type { RunEvent } from '../core/events';
import type { RunSlice } from './runSlice';
import type { SettingsSlice } from './settingsSlice';
import type { KeysSlice } from './keysSlice';
import type { ModelsSlice } from './modelsSlice';
import type { ContextSlice } from './contextSlice';
import type { HistorySlice } from './historySlice';
import type { ViewSlice } from './viewSlice';
import type { KeyStore } from './keyStore';

export type AppState = RunSlice & SettingsSlice & KeysSlice & ModelsSlice & ContextSlice & HistorySlice & ViewSlice;

export type SandboxStatus = { state: 'loading' } | { state: 'ready' } | { state: 'error'; message: string };

export interface ContextFile {
  name: string;
  /** A File/Blob is read by the sandbox when needed (also to reload after a restart). */
  bytes: ArrayBuffer | Blob;
  format: ContextFormat;
}

/** The page-side sandbox as the store needs it; the real one is src/sandbox/client.ts. */
export interface SandboxPort extends Repl {
  subscribe(listener: (s: SandboxStatus) => void): () => void;
  loadContext(files: ContextFile[] | null): Promise<ContextMeta | null>;
  /** Clears the model's variables, keeps `context`: every run starts from a clean namespace. */
  reset(): Promise<void>;
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
}

export interface HistoryStore {
  list(): Promise<RunSummary[]>;
  save(summary: RunSummary, events: RunEvent[]): Promise<void>;
  load(runId: string): Promise<RunEvent[] | null>;
  remove(runId: string): Promise<void>;
}
