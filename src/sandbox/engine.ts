/**
 * The sandbox worker's logic, independent of where it runs: worker.ts hosts it in a browser module worker,
 * node-host.ts in a Node worker thread (tests). A host supplies `loadPyodide`, `post` and the Python scaffold source;
 * the engine answers PageMessages (protocol.ts).
 *
 * Python runs one operation at a time per namespace (a promise chain each: the root's, which also loads contexts,
 * and one per child run). Under the JSPI bridge `llm_query` is a JS promise that Python waits on with `run_sync`;
 * while it waits, this worker's event loop is free, which is what lets replies, cancels, the interrupt poll
 * (bridge.ts) and the blocks of child namespaces (rlm_query, see child.ts) get through. Under the SAB bridge the
 * wait is a loop that reads the same messages from a SharedArrayBuffer and runs them synchronously (sab-serve.ts).
 */
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import { Bridge } from './bridge';
import { chooseBridge } from './bridge-choice';
import { loadContextFiles, type ContextLoadFns } from './context-stream';
import { createMemoryScanner, type MemoryScanner } from './scan';
import { isIsolated, probeCsp, scopeLayerError } from './layers';
import { failedBlock, LIMITS, SNAPSHOT_IMPORTS, type BridgeKind, type PageMessage, type WorkerMessage } from './protocol';
import { SabReceiver } from './sab-channel';
import { SabService } from './sab-serve';

interface EngineHost {
  loadPyodide: (config: PyodideConfig) => Promise<PyodideAPI>;
  post: (msg: WorkerMessage, transfer?: Transferable[]) => void;
  /** prelude.py, namespaces.py, context.py and varinfo.py, in that order (one namespace). */
  python: string;
  /** Where pyodide.asm.wasm etc. live; the browser host passes our own origin's /pyodide/, never a CDN. */
  indexURL?: string;
  /** The global object to harden (delete network APIs from); defaults to globalThis. */
  scope?: object;
}

/** Network-capable (or code-loading) globals removed after Pyodide loads. Hardening only: the worker's CSP is the
 * real boundary. Must happen before anything imports pyodide.http. */
const BLOCKED_GLOBALS = [
  'fetch', 'fetchLater', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'Worker',
  'SharedWorker', 'caches', 'FontFace', 'fonts', 'BroadcastChannel', 'importScripts', 'indexedDB',
  'RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'eval',
  // Origin storage the CSP does not cover: one run's code could stash data for a later run to exfiltrate via llm_query.
  'webkitRequestFileSystem', 'webkitRequestFileSystemSync', 'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
] as const;

/** navigator members that reach the network or origin storage (OPFS, storage buckets, locks). */
const BLOCKED_NAVIGATOR = ['serviceWorker', 'storage', 'storageBuckets', 'locks'] as const;

/** Deletes `name` from `obj` and every prototype that defines it (Web IDL attributes live on prototypes). */
function deleteEverywhere(obj: object, name: string): void {
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (!d) continue;
    if (d.configurable) Reflect.deleteProperty(o, name);
    else if (d.writable) Reflect.set(o, name, undefined);
  }
}

/** Returns the names that are still reachable afterwards (should be none). */
function hardenGlobals(scope: object = globalThis): string[] {
  for (const name of BLOCKED_GLOBALS) deleteEverywhere(scope, name);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) for (const n of BLOCKED_NAVIGATOR) deleteEverywhere(nav, n);
  const left: string[] = BLOCKED_GLOBALS.filter((n) => (scope as Record<string, unknown>)[n] !== undefined);
  for (const n of BLOCKED_NAVIGATOR) if (nav && (nav as Record<string, unknown>)[n] !== undefined) left.push(`navigator.${n}`);
  return left;
}

interface PyFn {
  (...args: unknown[]): unknown;
  callPromising(...args: unknown[]): Promise<unknown>;
}

type InitMessage = Extract<PageMessage, { type: 'init' }>;
type PythonOp = Exclude<PageMessage, { type: 'init' | 'llm-reply' | 'llm-error' | 'cancel' | 'sab-channel' | 'sab-release' }>;
type SyncOp = Exclude<PythonOp, { type: 'exec' | 'load-context' }>;
const SCAFFOLD_FNS = ['run_block', 'run_block_async', 'get_var', 'reset_vars', 'load_begin', 'load_open', 'load_close', 'load_fail',
  'load_finish', 'spawn_ns', 'dispose_ns', 'get_answer', 'set_var'] as const;
type ScaffoldFns = Record<(typeof SCAFFOLD_FNS)[number], PyFn>;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, LIMITS.messageChars);

/** The namespace an operation runs in (its promise chain); contexts and resets are the root's. */
const nsOf = (msg: PythonOp): number => ('ns' in msg ? msg.ns : 0);

class WorkerEngine {
  private fns: ScaffoldFns | null = null;
  private scanMemory: MemoryScanner | null = null;
  private bridge: Bridge | null = null;
  /** The SAB bridge's wait loop, once the page has sent the channel. */
  private sab: SabService | null = null;
  private booted: Promise<void> | null = null;
  private readonly chains = new Map<number, Promise<unknown>>();
  /** Blocks in flight (several when children run under a waiting parent): exec id -> namespace. */
  private readonly execs = new Map<number, number>();
  /** Output Pyodide writes outside sys.stdout (os.write, package loading), appended to the block's stdout. */
  private rawOut = '';

  constructor(private readonly host: EngineHost) {}

  handle(msg: PageMessage): void {
    switch (msg?.type) {
      case 'init':
        this.booted ??= this.boot(msg).catch((e) => {
          this.fns = null;
          this.host.post({ type: 'status', state: 'error', message: errorText(e) });
        });
        return;
      case 'llm-reply':
        return this.bridge?.settle(msg.id, { results: msg.results });
      case 'llm-error':
        return this.bridge?.settle(msg.id, { error: msg.error });
      case 'cancel': {
        const ns = this.execs.get(msg.id);
        if (ns !== undefined) this.bridge?.cancel(msg.id, ns === 0);
        return;
      }
      case 'sab-channel':
        return this.openChannel(msg.buffer);
      case 'sab-release':
        return; // read by the SAB wait loop; one arriving here is stray
      case 'exec':
      case 'load-context':
      case 'get-var':
      case 'get-answer':
      case 'set-var':
      case 'spawn':
      case 'dispose-ns':
      case 'reset':
        return this.enqueue(msg);
    }
  }

  /** Cold boot (optionally making a snapshot for the page), or a restore from the page's snapshot (~10x faster). */
  private async loadPython(init: InitMessage): Promise<PyodideAPI> {
    const sink = (line: string) => {
      if (this.rawOut.length < 100_000) this.rawOut += line + '\n';
    };
    const base: PyodideConfig = { indexURL: this.host.indexURL, stdout: sink, stderr: sink };
    if (init.snapshot) {
      try {
        return await this.host.loadPyodide({ ...base, _loadSnapshot: init.snapshot });
      } catch {
        // a stale or damaged snapshot: boot cold instead
      }
    }
    if (!init.makeSnapshot) return this.host.loadPyodide(base);
    const maker = await this.host.loadPyodide({ ...base, _makeSnapshot: true });
    // Taken before the scaffold runs (it holds JS references a snapshot can't) and before any user data.
    maker.runPython(SNAPSHOT_IMPORTS);
    const snapshot = maker.makeMemorySnapshot();
    this.host.post({ type: 'snapshot', data: snapshot });
    // The maker sees JS globals through a recording proxy (getters such as js.navigator throw "Illegal
    // invocation"), so run on a restored instance like every later worker: +0.3 s once, same behaviour everywhere.
    return this.host.loadPyodide({ ...base, _loadSnapshot: snapshot });
  }

  private async boot(init: InitMessage): Promise<void> {
    const t0 = performance.now();
    this.host.post({ type: 'status', state: 'loading', message: 'Starting Python…' });
    const scope = this.host.scope ?? globalThis;
    // The CSP probe needs fetch and Worker, so it runs (alongside the load) before they are deleted.
    const [py, csp] = await Promise.all([this.loadPython(init), probeCsp(scope)]);
    const left = hardenGlobals(scope); // after a snapshot restore too: it holds wasm memory only
    if (left.length > 0) throw new Error(scopeLayerError(left));
    if (init.interrupt) py.setInterruptBuffer(init.interrupt);
    const kind: BridgeKind = await chooseBridge(py);
    const serve = kind === 'sab' ? (start: () => void, done: () => boolean) => this.serve(start, done) : null;
    const bridge = (this.bridge = new Bridge((m) => this.host.post(m), init.interrupt, () => py.checkInterrupt(), serve));
    // Python gets a facade with only the waits (and the cancel flag), not the engine-side methods.
    const facade = {
      sync: bridge.sync,
      request: (prompts: string[], model: string | null, kind: 'llm' | 'rlm', exec: number, batched: boolean) =>
        bridge.sync ? bridge.requestSync(prompts, model, kind, exec, batched) : bridge.request(prompts, model, kind, exec, batched),
      guard: (task: Parameters<Bridge['guard']>[0], exec: number) => bridge.guard(task, exec),
      sleep: (ms: number, exec: number) => bridge.sleep(ms, exec),
      cancelled: (exec: number) => bridge.isCancelled(exec),
    };
    const ns = py.globals.get('dict')();
    py.runPython(this.host.python, { globals: ns });
    (ns.get('_setup') as PyFn)(facade, { stdout: init.stdoutLimit, final: LIMITS.finalChars, batch: LIMITS.batch,
      prompt_chars: LIMITS.promptChars, model_chars: LIMITS.modelChars, variables: LIMITS.variables,
      name_chars: LIMITS.nameChars, var_info: LIMITS.varInfo, type_chars: LIMITS.typeChars, repr_chars: LIMITS.reprChars });
    // Emscripten's Module (py._module) exposes the wasm memory the context buffers live in.
    this.scanMemory = createMemoryScanner((py as unknown as { _module?: { memory?: unknown } })._module?.memory);
    this.fns = Object.fromEntries(SCAFFOLD_FNS.map((name) => [name, ns.get(name) as PyFn])) as ScaffoldFns;
    this.host.post({ type: 'status', state: 'ready', bootMs: Math.round(performance.now() - t0),
      layers: { scope: true, csp, isolated: isIsolated(scope) }, bridge: kind });
  }

  private openChannel(buffer: SharedArrayBuffer): void {
    if (!this.bridge?.sync || this.sab || !(buffer instanceof SharedArrayBuffer)) return;
    const post = (m: WorkerMessage) => this.host.post(m);
    const rx = new SabReceiver(buffer, () => post({ type: 'sab-read' }));
    const bridge = this.bridge;
    this.sab = new SabService(rx, post, (m) => this.dispatchSync(m), () => bridge.pollInterrupt());
  }

  private serve(start: () => void, done: () => boolean): void {
    if (!this.sab) throw new Error('The page has not sent the SharedArrayBuffer channel this bridge waits on.');
    this.sab.serve(start, done);
  }

  /** A page message read while Python waits (SAB bridge): runs now, nested in the wait. */
  private dispatchSync(msg: PageMessage): void {
    const fns = this.fns;
    switch (msg.type) {
      case 'exec':
        return void this.exec(msg.id, msg.code, msg.ns, fns!, true);
      case 'load-context':
      case 'reset': // the page sends these only between root blocks
        return this.reportFailure(msg, 'The sandbox cannot do this while a block is waiting.');
      case 'get-var':
      case 'get-answer':
      case 'set-var':
      case 'spawn':
      case 'dispose-ns':
        try {
          return this.runSyncOp(msg, fns!);
        } catch (e) {
          return this.reportFailure(msg, errorText(e));
        }
      default:
        return this.handle(msg);
    }
  }

  /** Runs each namespace's Python operations one at a time, after boot; a failure is reported, never thrown into
   * the void. Another namespace's operation may run while one is suspended in a wait (a child under its parent). */
  private enqueue(msg: PythonOp): void {
    const ns = nsOf(msg);
    const next = (this.chains.get(ns) ?? Promise.resolve())
      .then(async () => {
        await this.booted;
        if (!this.fns) throw new Error('Python is not running');
        return this.runOp(msg, this.fns);
      })
      .catch((e) => this.reportFailure(msg, errorText(e)));
    this.chains.set(ns, next);
    if (msg.type === 'dispose-ns') void next.then(() => this.chains.get(ns) === next && this.chains.delete(ns));
  }

  private async runOp(msg: PythonOp, fns: ScaffoldFns): Promise<void> {
    const post = (m: WorkerMessage) => this.host.post(m);
    switch (msg.type) {
      case 'exec':
        return this.exec(msg.id, msg.code, msg.ns, fns);
      case 'load-context': {
        const files = msg.files;
        msg.files = null; // hold the Blobs no longer than the load
        const r = await loadContextFiles(files, fns as unknown as ContextLoadFns, this.scanMemory, msg.slot);
        if (r.ok) return post({ type: 'context-loaded', id: msg.id, meta: r.meta });
        return post({ type: 'context-error', id: msg.id, code: r.code, file: r.file, message: r.message });
      }
      default:
        return this.runSyncOp(msg, fns);
    }
  }

  private runSyncOp(msg: SyncOp, fns: ScaffoldFns): void {
    const post = (m: WorkerMessage) => this.host.post(m);
    const value = (v: unknown) => post({ type: 'var-value', id: msg.id, value: JSON.parse(String(v)) });
    switch (msg.type) {
      case 'get-var':
        return value(fns.get_var(msg.name, msg.ns));
      case 'get-answer':
        return value(fns.get_answer(msg.ns));
      case 'set-var':
        fns.set_var(msg.ns, msg.name, msg.json);
        return post({ type: 'ack', id: msg.id });
      case 'spawn':
        fns.spawn_ns(msg.ns, msg.context);
        return post({ type: 'ack', id: msg.id });
      case 'dispose-ns':
        fns.dispose_ns(msg.ns);
        return post({ type: 'ack', id: msg.id });
      case 'reset':
        fns.reset_vars();
        return post({ type: 'reset-done', id: msg.id });
    }
  }

  /** Runs a block: awaited under JSPI. Under the SAB bridge, as a coroutine from the event loop (top-level await
   * works there) or, `nested` in a wait, synchronously (nothing can suspend Python there). */
  private exec(id: number, code: string, ns: number, fns: ScaffoldFns, nested = false): Promise<void> | void {
    const root = ns === 0;
    this.execs.set(id, ns);
    if (root) this.rawOut = '';
    this.bridge!.beginBlock(id, root);
    const done = (out: { raw: unknown } | { error: unknown }) => {
      this.execs.delete(id);
      this.bridge!.endBlock(id, root);
      const result = 'raw' in out ? JSON.parse(String(out.raw)) : blockFailure(out.error);
      if (root && this.rawOut) result.stdout = (result.stdout + this.rawOut).slice(0, LIMITS.stdoutChars);
      this.host.post({ type: 'exec-result', id, result });
    };
    const settle = (p: Promise<unknown>) => p.then((raw) => done({ raw }), (error) => done({ error }));
    // Only a block that may use top-level await goes through the event loop: the others keep the one-task round
    // trip (a block that ends with close() still gets its result out).
    if (this.bridge!.sync && !nested && /\b(await|async)\b/.test(code)) {
      return settle(Promise.resolve().then(() => fns.run_block_async(code, id, ns)));
    }
    if (this.bridge!.sync) {
      let out: { raw: unknown } | { error: unknown };
      try {
        out = { raw: fns.run_block(code, id, ns) };
      } catch (error) {
        out = { error };
      }
      return done(out);
    }
    // callPromising: the entry point JSPI needs for run_sync inside (runPython would refuse to suspend).
    return settle(fns.run_block.callPromising(code, id, ns));
  }

  private reportFailure(msg: PythonOp, message: string): void {
    const post = (m: WorkerMessage) => this.host.post(m);
    if (msg.type === 'load-context') post({ type: 'context-error', id: msg.id, code: 'failed', message });
    else if (msg.type === 'exec') post({ type: 'exec-result', id: msg.id, result: failedBlock(message + '\n') });
    else if (msg.type === 'get-var' || msg.type === 'get-answer') post({ type: 'var-value', id: msg.id, value: null });
    else if (msg.type === 'reset') post({ type: 'reset-done', id: msg.id }); // nothing to reset: Python isn't running
    else post({ type: 'ack', id: msg.id, error: message.trim().split('\n').pop() }); // a Python error's last line
  }
}

/** A KeyboardInterrupt that hit Pyodide's call machinery rather than the scaffold's try block, or a real failure. */
function blockFailure(e: unknown) {
  return (e as { type?: string })?.type === 'KeyboardInterrupt'
    ? failedBlock('KeyboardInterrupt: the block was stopped.\n', true)
    : failedBlock(`Internal sandbox error: ${errorText(e)}\n`);
}

/** Creates the engine; feed it every message the page sends. */
export function createEngine(host: EngineHost): (msg: unknown) => void {
  const engine = new WorkerEngine(host);
  return (msg) => engine.handle(msg as PageMessage);
}
