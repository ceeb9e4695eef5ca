/**
 * What the bench page (page.ts) exposes on `window.bench`, for run.ts to call through page.evaluate.
 * Everything crosses the CDP boundary as JSON: numbers, strings, plain objects.
 */

export interface StartResult {
  /** createBrowserSandbox() → whenReady() resolved, measured in the page. */
  readyMs: number;
  /** The worker's own figure (worker start → ready), from SandboxClientStatus.bootMs. */
  bootMs: number | null;
  canInterrupt: boolean;
  crossOriginIsolated: boolean;
}

export interface ExecSummary {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** ExecResult.durationMs (client-side, post → result). */
  durationMs: number;
  /** Wall of the exec() promise in the page. */
  wallMs: number;
}

/** How llm_query is served: `provider` = the real provider + the engine's Semaphore + collectChat (as core/loop.ts
 * does); `raw` = onSubcall is one plain fetch (isolates the bridge's own cost); `echo` = onSubcall answers at once
 * with no network (the bridge round trip alone). */
export type LlmMode = 'provider' | 'raw' | 'echo';

export interface LlmConfig {
  kind: 'ollama' | 'openai';
  /** Ollama host or OpenAI base URL (…/v1). */
  url: string;
  model: string;
  mode: LlmMode;
}

export type LoadOutcome =
  | { ok: true; ms: number; pyType: string; totalChars: number; bytes: number; lines: number; warnings: string[] }
  | { ok: false; ms: number; error: string; code: string | null };

export interface BenchApi {
  /** `bridge: 'sab'`: the SharedArrayBuffer bridge, forced as `?bridge=sab` does (JSPI otherwise). */
  start(bridge?: 'sab'): Promise<StartResult & { bridge: string | null }>;
  /**
   * What-if, not the app's behaviour today: the same client and worker, with the Pyodide snapshot the worker makes on
   * its first boot kept in IndexedDB and handed to the next page load's worker (through a wrapping TransportFactory,
   * no change to src/sandbox). readyMs includes reading the snapshot from IndexedDB. `saved`: a snapshot was stored.
   */
  startPersisted(): Promise<StartResult & { restored: boolean; saved: boolean; snapshotBytes: number }>;
  /** SandboxClient.restart(): a new worker, from the in-memory snapshot when there is one. */
  restart(): Promise<number>;
  dispose(): void;
  exec(code: string, timeoutMs?: number): Promise<ExecSummary>;
  /** Wall times of `n` exec(code) calls, one after the other. */
  execTimes(code: string, n: number): Promise<number[]>;
  setLlm(cfg: LlmConfig): void;
  /** One raw fetch to the same chat endpoint with the body the provider sends, body read to the end, `n` times. */
  rawFetchTimes(prompt: string, n: number): Promise<number[]>;
  /** The provider path (collectChat) from the page, no Python involved, `n` times. */
  providerTimes(prompt: string, n: number): Promise<number[]>;
  /**
   * One llm_query cost, arm by arm, interleaved call by call (so machine noise hits every arm alike): `raw` a raw
   * fetch from the page; `page` the provider path from the page; `py` / `pyRaw` / `pyEcho` one llm_query timed inside
   * Python with onSubcall in mode provider / raw / echo. All in ms.
   */
  pairedLlm(prompt: string, n: number): Promise<Record<'raw' | 'page' | 'py' | 'pyRaw' | 'pyEcho', number[]>>;
  /** Builds a Blob of `bytes` ASCII bytes (log-like lines) whose last line holds `needle`; kept in the page. */
  makeBlob(bytes: number, needle: string): Promise<{ ms: number; size: number }>;
  dropBlob(): void;
  /** Uses the File chosen in <input id="file"> (set by run.ts from a file on disk) as the blob: a disk-backed File,
   * like a dropped one, instead of bytes held by the page. */
  useFileInput(): { size: number };
  /** `await blob.arrayBuffer()` alone, for reference; `parts` > 1 reads that many slices concurrently. */
  blobReadMs(parts?: number): Promise<number>;
  /** `new Blob([arrayBuffer])` of the current blob's bytes (what SandboxClient does to keep an ArrayBuffer input). */
  blobCopyMs(): Promise<number>;
  /** SandboxClient.loadContext([{ bytes: blob }]) as the app does with a dropped File; ms until it resolves. */
  loadContext(): Promise<LoadOutcome>;
  /** The same, handing an ArrayBuffer already in memory (read from the blob before the clock starts). */
  loadContextFromBuffer(): Promise<LoadOutcome>;
}

declare global {
  interface Window {
    bench: BenchApi;
  }
}
