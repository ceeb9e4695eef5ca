/**
 * SandboxClient: the page's handle on the Python sandbox (implements `Repl` from core/types.ts).
 *
 * The page holds the API keys and SDKs and serves llm_query; the worker never fetches (its CSP forbids it, and it is
 * untrusted: every message from it is validated, protocol.ts). How Python waits for the page is the worker's bridge
 * (bridge.ts). SharedArrayBuffer is also an interrupt flag (pyodide.setInterruptBuffer) when the page is
 * cross-origin isolated: a stop interrupts a runaway pure-Python loop in milliseconds and keeps the variables. If
 * Python has not stopped after a grace period (a long C call, or no flag), the worker is terminated and a new one
 * started with the context reloaded; the ExecResult says so in `reset` and `stderr` (block-run.ts). A browser that
 * cannot run the sandbox gets status 'error' with the worker's reason; every call then rejects with
 * SandboxError('unavailable'). Pieces: boot-snapshot.ts (fast restarts), context-files.ts (what each slot holds),
 * replies.ts (requests waiting for a reply), child.ts (child runs' namespaces).
 */
import type { ContextMeta, ExecOptions, ExecResult, Repl } from '../core/types';
import { BootSnapshot } from './boot-snapshot';
import { BlockRun, messageOf, type BlockRunHost } from './block-run';
import { ack, spawnChild, toJson, type ChildHost, type SandboxChildRepl } from './child';
import { checkContextSize, toPayload, toStored, type StoredFile } from './context-files';
import { failedBlock, INTERRUPT_SLOTS, LIMITS, parseWorkerMessage, type ContextPayload, type NamespaceKey,
  type PageMessage, type WorkerMessage } from './protocol';
import { deferred, Replies, type Match } from './replies';
import { SabSender } from './sab-channel';
import {
  SandboxError, type ContextFile, type SandboxClientOptions, type SandboxClientStatus, type SandboxTransport,
  type TransportFactory,
} from './api';

export * from './api';

const varValue = (m: WorkerMessage) => (m.type === 'var-value' ? { value: m.value } : null);

function detectInterrupt(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false; // Node has SharedArrayBuffer and no crossOriginIsolated
}

export class SandboxClient implements Repl {
  private transport: SandboxTransport | null = null;
  private gen = 0;
  private current: SandboxClientStatus;
  private readonly listeners = new Set<(s: SandboxClientStatus) => void>();
  private ready = deferred<void>();
  private interruptBuf: Int32Array | null = null;
  private nextId = 1;
  private lastLlmId = 0;
  private readonly replies = new Replies();
  /** The SAB bridge's channel to the current worker (null under JSPI). */
  private sab: SabSender | null = null;
  /** Blocks in flight: the root's, and its children's while it waits on rlm_query (exec id -> run). */
  private readonly running = new Map<number, BlockRun>();
  /** Per slot (0 = `context`), to reload after a restart. */
  private readonly contextFiles = new Map<number, StoredFile[] | null>();
  private nextNs = 1;
  private readonly childHost: ChildHost;
  private tail: Promise<unknown> = Promise.resolve();
  private pendingRestart: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly canInterrupt: boolean;
  private readonly bootTimeoutMs: number;
  private readonly runHost: BlockRunHost;
  private readonly snapshot: BootSnapshot;

  constructor(private readonly factory: TransportFactory, options: SandboxClientOptions = {}) {
    this.canInterrupt = (options.interrupt ?? true) && detectInterrupt();
    this.bootTimeoutMs = options.bootTimeoutMs ?? 90_000;
    const self = this; // BlockRun sees the current worker's flag, not the one at construction
    this.runHost = {
      post: (msg) => this.post(msg),
      get interruptBuf() {
        return self.interruptBuf;
      },
      get hasContext() {
        return [...self.contextFiles.values()].some((f) => f !== null);
      },
      graceMs: options.graceMs ?? 2000,
      subcallConcurrency: options.subcallConcurrency ?? 16,
      replaceWorker: (message) => this.replaceWorker(message),
      ended: (run) => {
        if (this.running.get(run.id) === run) this.running.delete(run.id);
      },
    };
    this.childHost = {
      request: (build, match) => this.request(build, match),
      execIn: (ns, code, opts) => this.execNow(code, opts, ns),
      get generation() {
        return self.gen;
      },
      get maxChildren() {
        return self.maxChildren;
      },
    };
    this.current = { state: 'loading', message: 'Starting Python…', canInterrupt: this.canInterrupt };
    this.snapshot = new BootSnapshot(options.snapshot ?? true, options.snapshotStore ?? null);
    if (!this.snapshot.hasStore) {
      this.spawn('Starting Python…');
      return;
    }
    // A stored snapshot makes a repeat visit ~4x faster.
    void this.snapshot.loadStored().then((stored) => {
      if (!this.disposed) this.spawn('Starting Python…', stored !== null);
    });
  }

  // ---------- status ----------

  get status(): SandboxClientStatus {
    return this.current;
  }

  /** Calls `listener` on every status change (not immediately); returns an unsubscribe function. */
  subscribe(listener: (s: SandboxClientStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many child runs can run at once in this sandbox: under the SAB bridge a child's block runs nested in its
   * parent's wait, so siblings must take turns (core/subcalls.ts). */
  get maxChildren(): number | undefined {
    return this.current.bridge === 'sab' ? 1 : undefined;
  }

  /** Resolves when Python is ready; rejects with SandboxError('unavailable') if it failed to start. */
  async whenReady(): Promise<void> {
    if (this.disposed) throw new SandboxError('The sandbox was disposed.', 'disposed');
    // A spawn replaces the deferred (the first one may come late, after the snapshot store): wait for the latest.
    for (let r = this.ready; ; r = this.ready) {
      await r.promise;
      if (r === this.ready) break;
    }
    if (this.current.state === 'error') throw new SandboxError(this.current.message, 'unavailable');
  }

  private setStatus(patch: Partial<SandboxClientStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }

  // ---------- public API ----------

  /** Decodes (UTF-8) and installs `context`; several files become {filename: content}. Slot 0 (the default) starts
   * a fresh namespace (a new session); slot n binds `context_n` and keeps the variables (null removes it). */
  loadContext(files: ContextFile[] | null, opts: { slot?: number } = {}): Promise<ContextMeta | null> {
    const slot = opts.slot ?? 0;
    if (!Number.isSafeInteger(slot) || slot < 0 || slot > 1000) {
      return Promise.reject(new SandboxError(`Context slot must be a whole number from 0 to 1000, not ${slot}.`, 'failed'));
    }
    return this.serial(() => this.loadNow(files, slot));
  }

  exec(code: string, opts: ExecOptions): Promise<ExecResult> {
    return this.serial(() => this.execNow(code, opts));
  }

  getVar(name: string): Promise<string | null> {
    return this.serial(() => this.request((id) => ({ type: 'get-var', id, name, ns: 0 }), varValue));
  }

  /** str(answer["content"]) when the model set a non-empty one, else null; works after an interrupted block. */
  getAnswerContent(): Promise<string | null> {
    return this.serial(() => this.request((id) => ({ type: 'get-answer', id, ns: 0 }), varValue));
  }

  /** Binds `name` to a JSON value in the root namespace (lists, dicts, str…); reserved names are refused. */
  setVar(name: string, jsonValue: unknown): Promise<void> {
    return this.serial(() => {
      const json = toJson(jsonValue);
      return this.request<void>((id) => ({ type: 'set-var', id, ns: 0, name, json }), ack);
    });
  }

  /** A child run's REPL: a fresh namespace in this worker with `context` = the prompt (see child.ts). Usable while
   * the root's block waits on rlm_query: a child's calls do not queue behind the root's. */
  spawnRepl(opts: { context: string; signal: AbortSignal }): Promise<SandboxChildRepl> {
    return spawnChild(this.childHost, this.nextNs++, opts);
  }

  /** Forgets the model's variables and the extra contexts (slots > 0), keeps `context` (a new session). */
  reset(): Promise<void> {
    return this.serial(async () => {
      await this.request<void>((id) => ({ type: 'reset', id }), (m) =>
        m.type === 'reset-done' ? { value: undefined } : null);
      for (const slot of [...this.contextFiles.keys()]) if (slot > 0) this.contextFiles.delete(slot);
    });
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
    this.replies.failAll(new SandboxError('The sandbox was disposed.', 'disposed'));
    this.abandonAll('The sandbox was disposed.');
    this.setStatus({ state: 'error', message: 'Disposed' });
    this.listeners.clear();
  }

  // ---------- worker lifecycle ----------

  private spawn(message: string, fromStore = false): void {
    const gen = ++this.gen;
    this.lastLlmId = 0;
    const previous = this.ready;
    this.ready = deferred<void>();
    previous.resolve(); // wakes whenReady() callers, who then wait on the new one
    this.interruptBuf = this.canInterrupt ? new Int32Array(new SharedArrayBuffer(4 * INTERRUPT_SLOTS)) : null;
    this.sab = null;
    this.setStatus({ state: 'loading', message, bootMs: undefined, bridge: undefined });
    try {
      const t = this.factory();
      t.onmessage = (data) => gen === this.gen && this.onMessage(data);
      t.onerror = (msg, fatal) => gen === this.gen && this.onWorkerError(msg, fatal === true);
      this.transport = t;
      t.postMessage({ type: 'init', interrupt: this.interruptBuf, stdoutLimit: LIMITS.stdoutChars,
        ...this.snapshot.forWorker(fromStore) });
      // A stalled download must not leave the status at "loading…" forever.
      const watchdog = setTimeout(() => {
        if (gen === this.gen && this.current.state === 'loading') {
          this.fail(`Python did not start within ${this.bootTimeoutMs / 1000} s.`);
        }
      }, this.bootTimeoutMs);
      // In Node a pending timer keeps the process alive: a CLI that has answered must not wait out the watchdog.
      (watchdog as { unref?: () => void }).unref?.();
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
    this.replies.failAll(new SandboxError('Python was restarted.', 'restarted'));
    // Every block in flight dies with the worker (a child giving up takes its waiting parent along).
    this.abandonAll('Python was restarted.');
    this.spawn(message);
    this.pendingRestart = this.reloadContext().catch((e) => {
      if (this.current.state !== 'error') this.fail(`Python restarted but the context could not be reloaded: ${messageOf(e)}`);
    });
  }

  private async reloadContext(): Promise<void> {
    const slots = [...this.contextFiles.entries()].sort(([a], [b]) => a - b);
    for (const [slot, files] of slots) if (files) await this.sendContext(toPayload(files), slot);
  }

  private abandonAll(why: string): void {
    for (const run of [...this.running.values()]) run.abandon(why);
  }

  private onWorkerError(message: string, fatal: boolean): void {
    if (this.current.state === 'loading') return this.fail(`The Python worker failed to start: ${message}`);
    // Not fatal: e.g. a stray error event from Pyodide's event loop, the worker still answers. After a failed start
    // there is nothing to restart automatically (restart() is the retry).
    if (!fatal || this.current.state !== 'ready') {
      if (!fatal) console.warn(`[sandbox] error inside the worker: ${message}`);
      return;
    }
    this.abandonAll(`The Python worker crashed (${message}).`);
    this.replaceWorker('Restarting Python after a crash…');
  }

  /** While the worker waits under the SAB bridge it hears only the channel; otherwise postMessage. */
  private post(msg: PageMessage, transfer?: Transferable[]): void {
    if (this.sab?.blocked) this.sab.send(msg);
    else this.transport?.postMessage(msg, transfer);
  }

  /** Operations run one at a time, each after any restart the previous one triggered. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.tail.then(() => this.pendingRestart).then(op);
    this.tail = p.catch(() => undefined);
    return p;
  }

  // ---------- incoming (untrusted) messages ----------

  private onMessage(data: unknown): void {
    // Under the SAB bridge the worker waits after every request it sends, even one refused below; a request model
    // code forged while the worker runs is not one (the worker says so in shared memory).
    if (this.sab?.workerWaiting() && (data as { type?: unknown } | null)?.type === 'llm-request') this.sab.blocked = true;
    const msg = parseWorkerMessage(data);
    if (!msg) return this.onInvalid(data);
    if (msg.type === 'status') return this.onStatus(msg);
    if (msg.type === 'sab-read') return this.sab?.pump();
    if (msg.type === 'sab-leave') return this.onSabLeave();
    if (msg.type === 'snapshot') return this.snapshot.offer(msg.data, this.current.state === 'loading');
    if (msg.type === 'llm-request') return this.onLlmRequest(msg);
    if (msg.type === 'exec-result') {
      this.running.get(msg.id)?.finish(msg.result);
      return;
    }
    this.replies.offer(msg);
  }

  /** A malformed or oversized reply to something we are waiting for fails that thing instead of hanging it. */
  private onInvalid(data: unknown): void {
    const { type, id } = (typeof data === 'object' && data !== null ? data : {}) as { type?: unknown; id?: unknown };
    if (typeof id !== 'number') return;
    const why = 'the sandbox sent a malformed or oversized message';
    if (type === 'exec-result' && this.running.has(id)) {
      this.running.get(id)!.finish(failedBlock(`Error: ${why} for this block.\n`));
    } else if (type === 'llm-request' && this.running.size > 0 && id > this.lastLlmId) {
      this.lastLlmId = id;
      this.post({ type: 'llm-error', id, error: `llm_query refused: ${why}` });
    } else if (type !== 'exec-result' && type !== 'llm-request') {
      this.replies.fail(id, new SandboxError(why, 'failed'));
    }
  }

  private onStatus(msg: Extract<WorkerMessage, { type: 'status' }>): void {
    // Only a booting worker reports status: once model code can run, a "status" could be forged by it.
    if (this.current.state !== 'loading') return;
    if (msg.state === 'error') return this.fail(msg.message ?? 'Python failed.');
    if (msg.state === 'ready') {
      this.snapshot.ready();
      const bridge = msg.bridge ?? 'jspi';
      if (bridge === 'sab') {
        this.sab = new SabSender();
        this.transport?.postMessage({ type: 'sab-channel', buffer: this.sab.buffer });
      }
      this.setStatus({ state: 'ready', message: 'Python ready', bootMs: msg.bootMs, layers: msg.layers, bridge });
      this.ready.resolve();
    }
  }

  /** The worker left its outermost wait: it reads the channel up to a release, then hears postMessage again. One
   * forged while the worker still waits is ignored; a stray release is ignored by the worker (sab-serve.ts). */
  private onSabLeave(): void {
    if (!this.sab || this.sab.workerWaiting()) return;
    this.sab.send({ type: 'sab-release' });
    this.sab.blocked = false;
  }

  // ---------- context, variables ----------

  private async loadNow(files: ContextFile[] | null, slot: number): Promise<ContextMeta | null> {
    await this.whenReady();
    checkContextSize(files);
    // The page never reads the file: the worker gets the Blob (a handle) and reads it in slices into Python's memory.
    // The same Blobs reload the context after a restart. An ArrayBuffer is copied into a Blob once.
    const stored = toStored(files);
    // The worker drops the old context first, whatever happens next (slot 0: a new session drops them all).
    if (slot === 0) this.contextFiles.clear();
    this.contextFiles.delete(slot);
    const meta = await this.sendContext(stored && toPayload(stored), slot);
    if (stored) this.contextFiles.set(slot, stored);
    return meta;
  }

  private sendContext(files: ContextPayload[] | null, slot: number): Promise<ContextMeta | null> {
    return this.request<ContextMeta | null>((id) => ({ type: 'load-context', id, files, slot }), (m) => {
      if (m.type === 'context-loaded') return { value: m.meta };
      if (m.type === 'context-error') return { error: new SandboxError(m.message, m.code, m.file) };
      return null;
    });
  }

  /** Sends one request and waits for the reply with the same id; `match` ignores replies of the wrong type. */
  private async request<T>(build: (id: number) => PageMessage, match: Match<T>, transfer?: Transferable[]): Promise<T> {
    await this.whenReady();
    const id = this.nextId++;
    return this.replies.expect(id, match, () => this.post(build(id), transfer));
  }

  // ---------- exec ----------

  private async execNow(code: string, opts: ExecOptions, ns: NamespaceKey = 0): Promise<ExecResult> {
    await this.whenReady();
    return new Promise<ExecResult>((resolve) => {
      const run = new BlockRun(this.nextId++, opts, this.runHost, resolve, ns);
      this.running.set(run.id, run);
      run.start(code);
    });
  }

  private onLlmRequest(msg: Extract<WorkerMessage, { type: 'llm-request' }>): void {
    // The worker issues ids in increasing order: anything else is stale, duplicated or forged. The asking block
    // must be one in flight (model code could name another's exec id: it can only ask on that block's behalf).
    const run = this.running.get(msg.exec);
    if (!run || run.done || msg.id <= this.lastLlmId) return;
    this.lastLlmId = msg.id;
    run.onLlmRequest(msg);
  }
}
