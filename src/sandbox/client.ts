/**
 * SandboxClient: the page's handle on the Python sandbox (implements `Repl` from core/types.ts).
 *
 * Why this bridge:
 * - llm_query is synchronous for model code through JSPI (`run_sync` on a promise the PAGE settles). It needs no
 *   cross-origin isolation, keeps the worker's event loop free while it waits (so replies, cancels and stops get
 *   through), has no response-size limit, and lets a batch be one wait over many concurrent calls. The page holds
 *   the API keys and SDKs and fetches; the worker never does (its CSP forbids it, and it is untrusted).
 * - SharedArrayBuffer is used only as an interrupt flag (pyodide.setInterruptBuffer), and only when the page is
 *   cross-origin isolated: it stops a runaway pure-Python loop in milliseconds and keeps the variables. Interrupting
 *   Python while it is suspended in run_sync wedges it, so a stop first rejects pending sub-calls (RLM_CANCELLED ->
 *   KeyboardInterrupt in Python) and the worker turns a flag that arrives during a pending call into that rejection.
 * - If Python has not stopped after a grace period (a long C call, or no isolation so no flag), the worker is
 *   terminated and a new one started with the context reloaded; the ExecResult says so in `reset` and `stderr`.
 * Next steps this leaves room for: a stop button is just an AbortSignal passed to exec(). The transport is an
 * abstract postMessage-like endpoint (SandboxTransport) so the worker can move behind an opaque-origin sandboxed
 * iframe later. Browsers without JSPI (at the time of writing non-Chromium ones) get status 'error' with a clear
 * message from the worker, and every call then rejects with SandboxError('unavailable').
 */
import type { ContextFormat, ContextMeta, ExecOptions, ExecResult, Repl, SubcallRequest } from '../core/types';
import {
  CANCELLED, LIMITS, parseWorkerMessage, type ContextErrorCode, type ContextPayload, type PageMessage,
  type SandboxState, type SubcallOutcome, type WorkerExecResult, type WorkerMessage,
} from './protocol';

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

export interface SandboxStatus {
  state: SandboxState;
  message: string;
  /** Stops interrupt Python in place (SharedArrayBuffer available) instead of restarting it. */
  canInterrupt: boolean;
  /** Milliseconds from worker start to ready, once ready. */
  bootMs?: number;
}

export interface ContextFile {
  name: string;
  /** An ArrayBuffer is transferred (detached) to the worker; a Blob/File is read each time it is needed. */
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
  maxConcurrentSubcalls?: number;
}

interface ExecRun {
  id: number;
  opts: ExecOptions;
  t0: number;
  sub: AbortController;
  stopping: 'timeout' | 'abort' | null;
  done: boolean;
  timers: ReturnType<typeof setTimeout>[];
  resolve: (r: ExecResult) => void;
  offAbort: () => void;
}

interface Waiter {
  accept: (msg: WorkerMessage) => boolean;
  fail: (err: Error) => void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // observed by whoever awaits; never an unhandled rejection
  return { promise, resolve, reject };
}

function detectInterrupt(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false; // Node has SharedArrayBuffer and no crossOriginIsolated
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, LIMITS.messageChars);

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
async function pool<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export class SandboxClient implements Repl {
  private transport: SandboxTransport | null = null;
  private gen = 0;
  private current: SandboxStatus;
  private readonly listeners = new Set<(s: SandboxStatus) => void>();
  private ready = deferred<void>();
  private interruptBuf: Int32Array | null = null;
  private nextId = 1;
  private lastLlmId = 0;
  private readonly waiting = new Map<number, Waiter>();
  private running: ExecRun | null = null;
  private contextFiles: { name: string; format: ContextFormat; blob: Blob }[] | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private pendingRestart: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly canInterrupt: boolean;
  private readonly graceMs: number;
  private readonly maxSubcalls: number;

  constructor(private readonly factory: TransportFactory, options: SandboxClientOptions = {}) {
    this.canInterrupt = (options.interrupt ?? true) && detectInterrupt();
    this.graceMs = options.graceMs ?? 2000;
    this.maxSubcalls = options.maxConcurrentSubcalls ?? 16;
    this.current = { state: 'loading', message: 'Starting Python…', canInterrupt: this.canInterrupt };
    this.spawn('Starting Python…');
  }

  // ---------- status ----------

  get status(): SandboxStatus {
    return this.current;
  }

  /** Calls `listener` on every status change (not immediately); returns an unsubscribe function. */
  subscribe(listener: (s: SandboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when Python is ready; rejects with SandboxError('unavailable') if it failed to start. */
  async whenReady(): Promise<void> {
    if (this.disposed) throw new SandboxError('The sandbox was disposed.', 'disposed');
    await this.ready.promise;
    if (this.current.state === 'error') throw new SandboxError(this.current.message, 'unavailable');
  }

  private setStatus(patch: Partial<SandboxStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }

  // ---------- public API ----------

  /** Decodes (UTF-8) and installs `context`; several files become {filename: content}. Starts a fresh namespace. */
  loadContext(files: ContextFile[] | null): Promise<ContextMeta | null> {
    return this.serial(() => this.loadNow(files));
  }

  exec(code: string, opts: ExecOptions): Promise<ExecResult> {
    return this.serial(() => this.execNow(code, opts));
  }

  getVar(name: string): Promise<string | null> {
    return this.serial(() => this.request<string | null>((id) => ({ type: 'get-var', id, name }), (m) =>
      m.type === 'var-value' ? { value: m.value } : null));
  }

  /** Forgets the model's variables, keeps `context` (a new run on the same data). */
  reset(): Promise<void> {
    return this.serial(() => this.request<void>((id) => ({ type: 'reset', id }), (m) =>
      m.type === 'reset-done' ? { value: undefined } : null));
  }

  /** Replaces the worker (e.g. a "retry" after a start-up error); the context is reloaded. */
  restart(): Promise<void> {
    return this.serial(async () => {
      this.replaceWorker('Restarting Python…');
      await this.pendingRestart;
      await this.whenReady();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gen++;
    this.transport?.terminate();
    this.transport = null;
    this.failWaiting(new SandboxError('The sandbox was disposed.', 'disposed'));
    if (this.running) this.abandonExec(this.running, 'The sandbox was disposed.');
    this.setStatus({ state: 'error', message: 'Disposed' });
    this.listeners.clear();
  }

  // ---------- worker lifecycle ----------

  private spawn(message: string): void {
    const gen = ++this.gen;
    this.lastLlmId = 0;
    this.ready = deferred<void>();
    this.interruptBuf = this.canInterrupt ? new Int32Array(new SharedArrayBuffer(4)) : null;
    this.setStatus({ state: 'loading', message, bootMs: undefined });
    try {
      const t = this.factory();
      t.onmessage = (data) => gen === this.gen && this.onMessage(data);
      t.onerror = (msg, fatal) => gen === this.gen && this.onWorkerError(msg, fatal === true);
      this.transport = t;
      t.postMessage({ type: 'init', interrupt: this.interruptBuf, stdoutLimit: LIMITS.stdoutChars });
    } catch (e) {
      this.fail(`Could not start the Python worker: ${messageOf(e)}`);
    }
  }

  private fail(message: string): void {
    this.setStatus({ state: 'error', message });
    this.ready.reject(new SandboxError(message, 'unavailable'));
    this.ready.resolve(); // no-op after reject; whenReady() reads the state
  }

  /** Terminates the worker and starts another; in-flight calls fail, the context is reloaded in the background. */
  private replaceWorker(message: string): void {
    this.transport?.terminate();
    this.transport = null;
    this.failWaiting(new SandboxError('Python was restarted.', 'restarted'));
    this.spawn(message);
    this.pendingRestart = this.reloadContext().catch((e) => {
      if (this.current.state !== 'error') this.fail(`Python restarted but the context could not be reloaded: ${messageOf(e)}`);
    });
  }

  private async reloadContext(): Promise<void> {
    const files = this.contextFiles;
    if (!files) return;
    const payload = await Promise.all(files.map(async (f) => ({ ...f, data: await f.blob.arrayBuffer() })));
    await this.sendContext(payload.map(({ name, format, data }) => ({ name, format, data })));
  }

  private onWorkerError(message: string, fatal: boolean): void {
    if (this.current.state === 'loading') return this.fail(`The Python worker failed to start: ${message}`);
    // Not fatal: e.g. a stray error event from Pyodide's event loop, the worker still answers. After a failed start
    // there is nothing to restart automatically (restart() is the retry).
    if (!fatal || this.current.state !== 'ready') return;
    if (this.running) this.abandonExec(this.running, `The Python worker crashed (${message}).`);
    this.replaceWorker('Restarting Python after a crash…');
  }

  private post(msg: PageMessage, transfer?: Transferable[]): void {
    this.transport?.postMessage(msg, transfer);
  }

  private failWaiting(err: Error): void {
    for (const w of this.waiting.values()) w.fail(err);
    this.waiting.clear();
  }

  /** Operations run one at a time, each after any restart the previous one triggered. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.tail.then(() => this.pendingRestart).then(op);
    this.tail = p.catch(() => undefined);
    return p;
  }

  // ---------- incoming (untrusted) messages ----------

  private onMessage(data: unknown): void {
    const msg = parseWorkerMessage(data);
    if (!msg) return;
    if (msg.type === 'status') return this.onStatus(msg);
    if (msg.type === 'llm-request') return this.onLlmRequest(msg);
    if (msg.type === 'exec-result') {
      if (this.running?.id === msg.id) this.finishExec(this.running, msg.result);
      return;
    }
    const w = this.waiting.get(msg.id);
    if (w?.accept(msg)) this.waiting.delete(msg.id);
  }

  private onStatus(msg: Extract<WorkerMessage, { type: 'status' }>): void {
    if (msg.state === 'error') return this.fail(msg.message ?? 'Python failed.');
    if (msg.state === 'ready' && this.current.state === 'loading') {
      this.setStatus({ state: 'ready', message: 'Python ready', bootMs: msg.bootMs });
      this.ready.resolve();
    } else if (msg.state === 'loading' && this.current.state === 'loading' && msg.message) {
      this.setStatus({ message: msg.message });
    }
  }

  // ---------- context, variables ----------

  private async loadNow(files: ContextFile[] | null): Promise<ContextMeta | null> {
    await this.whenReady();
    // Keep a Blob per file to reload after a restart (an ArrayBuffer is copied once, then transferred).
    const stored = files?.map((f) => ({ name: f.name, format: f.format,
      blob: f.bytes instanceof Blob ? f.bytes : new Blob([f.bytes]) })) ?? null;
    const payload = files
      ? await Promise.all(files.map(async (f) => ({ name: f.name, format: f.format,
        data: f.bytes instanceof Blob ? await f.bytes.arrayBuffer() : f.bytes })))
      : null;
    this.contextFiles = null; // the worker drops the old context first, whatever happens next
    const meta = await this.sendContext(payload);
    this.contextFiles = stored;
    return meta;
  }

  private sendContext(files: ContextPayload[] | null): Promise<ContextMeta | null> {
    const transfer = files?.map((f) => f.data) ?? [];
    return this.request<ContextMeta | null>((id) => ({ type: 'load-context', id, files }), (m) => {
      if (m.type === 'context-loaded') return { value: m.meta };
      if (m.type === 'context-error') return { error: new SandboxError(m.message, m.code, m.file) };
      return null;
    }, transfer);
  }

  /** Sends one request and waits for the reply with the same id; `match` ignores replies of the wrong type. */
  private async request<T>(build: (id: number) => PageMessage, match: (m: WorkerMessage) =>
    { value: T } | { error: Error } | null, transfer?: Transferable[]): Promise<T> {
    await this.whenReady();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, {
        accept: (m) => {
          const r = match(m);
          if (r) ('error' in r ? reject(r.error) : resolve(r.value));
          return r !== null;
        },
        fail: reject,
      });
      this.post(build(id), transfer);
    });
  }

  // ---------- exec ----------

  private async execNow(code: string, opts: ExecOptions): Promise<ExecResult> {
    await this.whenReady();
    return new Promise<ExecResult>((resolve) => {
      const run: ExecRun = { id: this.nextId++, opts, t0: performance.now(), sub: new AbortController(),
        stopping: null, done: false, timers: [], resolve, offAbort: () => undefined };
      this.running = run;
      if (this.interruptBuf) Atomics.store(this.interruptBuf, 0, 0);
      this.post({ type: 'exec', id: run.id, code });
      run.timers.push(setTimeout(() => this.stopExec(run, 'timeout'), Math.max(0, opts.timeoutMs)));
      const signal = opts.signal;
      if (signal?.aborted) this.stopExec(run, 'abort');
      else if (signal) {
        const onAbort = () => this.stopExec(run, 'abort');
        signal.addEventListener('abort', onAbort, { once: true });
        run.offAbort = () => signal.removeEventListener('abort', onAbort);
      }
    });
  }

  private onLlmRequest(msg: Extract<WorkerMessage, { type: 'llm-request' }>): void {
    const run = this.running;
    // Ids are issued by the worker in increasing order: anything else is stale, duplicated or forged.
    if (!run || run.done || msg.id <= this.lastLlmId) return;
    this.lastLlmId = msg.id;
    if (run.stopping) return this.post({ type: 'llm-error', id: msg.id, error: CANCELLED });
    const ask = (prompt: string): Promise<SubcallOutcome> => {
      const req: SubcallRequest = msg.model === undefined ? { prompt } : { prompt, model: msg.model };
      return Promise.resolve()
        .then(() => run.opts.onSubcall(req, run.sub.signal))
        .then((text) => ({ ok: true as const, text: String(text) }), (e) => ({ ok: false as const, error: messageOf(e) }));
    };
    void pool(msg.prompts, this.maxSubcalls, ask).then((results) => {
      if (!run.done && !run.stopping) this.post({ type: 'llm-reply', id: msg.id, results });
    });
  }

  /** Time limit or abort: cancel sub-calls, raise the interrupt flag, and replace the worker if that isn't enough. */
  private stopExec(run: ExecRun, reason: 'timeout' | 'abort'): void {
    if (run.done || run.stopping) return;
    run.stopping = reason;
    run.sub.abort(new Error(CANCELLED));
    this.post({ type: 'cancel', id: run.id });
    if (this.interruptBuf) {
      Atomics.store(this.interruptBuf, 0, 2); // 2 = SIGINT
      Atomics.notify(this.interruptBuf, 0); // wakes an interruptible time.sleep
    }
    run.timers.push(setTimeout(() => this.forceRestart(run), this.graceMs));
  }

  private endExec(run: ExecRun): void {
    run.done = true;
    run.timers.forEach(clearTimeout);
    run.offAbort();
    run.sub.abort(new Error(CANCELLED));
    if (this.running === run) this.running = null;
    if (this.interruptBuf) Atomics.store(this.interruptBuf, 0, 0);
  }

  private stopNote(run: ExecRun): string {
    return run.stopping === 'timeout'
      ? `TimeoutError: the block ran longer than the ${run.opts.timeoutMs / 1000} s time limit and was stopped.\n`
      : 'The block was stopped by the user.\n';
  }

  private finishExec(run: ExecRun, r: WorkerExecResult): void {
    if (run.done) return;
    this.endExec(run);
    const stopped = run.stopping !== null && (r.interrupted || !r.ok);
    run.resolve({
      stdout: r.stdout,
      stderr: stopped ? r.stderr + this.stopNote(run) : r.stderr,
      ok: r.ok && !stopped,
      final: r.final,
      durationMs: Math.round(performance.now() - run.t0),
      variables: r.variables,
      ...(stopped && run.stopping === 'timeout' ? { timedOut: true } : {}),
    });
  }

  /** Ends `run` without a result from Python (it is being thrown away). */
  private abandonExec(run: ExecRun, why: string): void {
    if (run.done) return;
    this.endExec(run);
    const ctx = this.contextFiles ? ' `context` is being reloaded.' : '';
    const reset = `${why} The Python interpreter was restarted: all variables are gone.${ctx}`;
    run.resolve({ stdout: '', stderr: reset + '\n', ok: false, final: null, variables: [], reset,
      durationMs: Math.round(performance.now() - run.t0),
      ...(run.stopping === 'timeout' ? { timedOut: true } : {}) });
  }

  private forceRestart(run: ExecRun): void {
    if (run.done) return;
    const what = run.stopping === 'timeout' ? `the ${run.opts.timeoutMs / 1000} s time limit` : 'the stop';
    this.abandonExec(run, `${this.stopNote(run).trim()} Python did not stop within ${this.graceMs / 1000} s of ${what}.`);
    this.replaceWorker(`Restarting Python (the block did not stop)…`);
  }
}
