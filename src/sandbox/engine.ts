/**
 * The sandbox worker's logic, independent of where it runs: worker.ts hosts it in a browser module worker,
 * node-host.ts in a Node worker thread (tests). A host supplies `loadPyodide`, `post` and the Python scaffold source;
 * the engine answers PageMessages (protocol.ts).
 *
 * Python runs one operation at a time (a promise chain). `llm_query` is a JS promise that Python waits on with JSPI
 * `run_sync`; while it waits, this worker's event loop is free, which is what lets replies, cancels and the
 * interrupt poll below get through.
 */
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import { CANCELLED, LIMITS, type PageMessage, type SubcallOutcome, type WorkerMessage } from './protocol';

export interface EngineHost {
  loadPyodide: (config: PyodideConfig) => Promise<PyodideAPI>;
  post: (msg: WorkerMessage, transfer?: Transferable[]) => void;
  /** prelude.py followed by context.py. */
  python: string;
  /** Where pyodide.asm.wasm etc. live; the browser host passes our own origin's /pyodide/, never a CDN. */
  indexURL?: string;
  /** The global object to harden (delete network APIs from); defaults to globalThis. */
  scope?: object;
}

/** Network-capable (or code-loading) globals removed after Pyodide loads. Hardening only: the worker's CSP is the
 * real boundary (browser-sandbox-facts.md, "Isolation"). Must happen before anything imports pyodide.http. */
export const BLOCKED_GLOBALS = [
  'fetch', 'fetchLater', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'Worker',
  'SharedWorker', 'caches', 'FontFace', 'fonts', 'BroadcastChannel', 'importScripts', 'indexedDB',
  'RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'eval',
] as const;

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
export function hardenGlobals(scope: object = globalThis): string[] {
  for (const name of BLOCKED_GLOBALS) deleteEverywhere(scope, name);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) deleteEverywhere(nav, 'serviceWorker');
  const left: string[] = BLOCKED_GLOBALS.filter((n) => (scope as Record<string, unknown>)[n] !== undefined);
  if (nav && (nav as Record<string, unknown>).serviceWorker !== undefined) left.push('navigator.serviceWorker');
  return left;
}

export function hasJspi(): boolean {
  const wa = WebAssembly as unknown as Record<string, unknown>;
  return typeof wa.Suspending === 'function' || typeof wa.Suspender === 'function';
}

export const NO_JSPI_MESSAGE =
  'This browser cannot run the Python sandbox: it lacks WebAssembly JavaScript Promise Integration (JSPI), ' +
  'which lets Python code wait for llm_query(). Use a recent Chrome, Edge or other Chromium-based browser.';

interface PyFn {
  (...args: unknown[]): unknown;
  callPromising(...args: unknown[]): Promise<unknown>;
}

interface Deferred {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, LIMITS.messageChars);

/** Creates the engine; feed it every message the page sends. */
export function createEngine(host: EngineHost): (msg: unknown) => void {
  let fns: Record<'run_block' | 'get_var' | 'load_context' | 'reset_vars', PyFn> | null = null;
  let py: PyodideAPI | null = null;
  let interrupt: Int32Array | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let bootDone: Promise<void> | null = null;
  let currentExec: number | null = null;
  let cancelledExec: number | null = null;
  let nextRequest = 1;
  let rawOut = '';
  const pending = new Map<number, Deferred>();
  const sleepers = new Set<Deferred>();
  let poll: ReturnType<typeof setInterval> | null = null;

  /** Takes a stop request written by the page into the interrupt buffer, if there is one. */
  const consumeInterrupt = () => interrupt !== null && Atomics.exchange(interrupt, 0, 0) !== 0;

  /** Rejects every pending bridge promise. The stop flag is taken out of the buffer first: Python must never
   * resume from run_sync with it raised (that wedges or kills the interpreter); the rejection interrupts instead. */
  function rejectAll(): void {
    consumeInterrupt();
    const err = new Error(CANCELLED);
    for (const d of pending.values()) d.reject(err);
    for (const d of sleepers) d.reject(err);
    pending.clear();
    sleepers.clear();
    if (poll !== null) clearInterval(poll);
    poll = null;
  }

  /** Interrupting Python while it is suspended in run_sync wedges the interpreter (facts file, "Stopping code").
   * So while a bridge promise is pending we take the stop request out of the buffer ourselves and turn it into a
   * rejection, which the scaffold raises as KeyboardInterrupt. */
  function watchInterrupt(): void {
    if (poll !== null || interrupt === null) return;
    poll = setInterval(() => {
      if (consumeInterrupt()) rejectAll();
    }, 20);
  }

  function wait(register: (d: Deferred) => void): Promise<unknown> {
    if (currentExec !== null && cancelledExec === currentExec) return Promise.reject(new Error(CANCELLED));
    return new Promise((resolve, reject) => {
      register({ resolve, reject });
      watchInterrupt();
    });
  }

  const bridge = {
    request(prompts: string[], model?: string | null): Promise<unknown> {
      const id = nextRequest++;
      return wait((d) => {
        pending.set(id, d);
        const msg: WorkerMessage = { type: 'llm-request', id, prompts: Array.from(prompts) };
        if (typeof model === 'string') msg.model = model;
        host.post(msg);
      });
    },
    /** Synchronous (Atomics.wait, wakes on a stop) with an interrupt buffer; otherwise a cancellable promise. */
    sleep(ms: number): Promise<unknown> | undefined {
      if (interrupt === null) {
        return wait((d) => {
          const entry: Deferred = { resolve: d.resolve, reject: d.reject };
          sleepers.add(entry);
          setTimeout(() => sleepers.delete(entry) && entry.resolve(undefined), ms);
        });
      }
      const end = performance.now() + ms;
      for (let left = ms; left > 0; left = end - performance.now()) {
        if (Atomics.wait(interrupt, 0, 0, Math.min(left, 1000)) === 'not-equal') break;
      }
      py?.checkInterrupt(); // raises KeyboardInterrupt into Python if the page asked to stop
      return undefined;
    },
  };

  function settle(id: number, outcome: { results: SubcallOutcome[] } | { error: string }): void {
    if (consumeInterrupt()) return rejectAll(); // a stop won the race with this reply
    const d = pending.get(id);
    if (!d) return;
    pending.delete(id);
    if ('results' in outcome) d.resolve(outcome.results);
    else d.reject(new Error(outcome.error));
  }

  async function boot(init: Extract<PageMessage, { type: 'init' }>): Promise<void> {
    const t0 = performance.now();
    host.post({ type: 'status', state: 'loading', message: 'Starting Python…' });
    if (!hasJspi()) throw new Error(NO_JSPI_MESSAGE);
    const sink = (line: string) => {
      if (rawOut.length < 100_000) rawOut += line + '\n';
    };
    py = await host.loadPyodide({ indexURL: host.indexURL, stdout: sink, stderr: sink });
    hardenGlobals(host.scope ?? globalThis);
    interrupt = init.interrupt;
    if (interrupt) py.setInterruptBuffer(interrupt);
    const ns = py.globals.get('dict')();
    py.runPython(host.python, { globals: ns });
    const limits = { stdout: init.stdoutLimit, final: LIMITS.finalChars, batch: LIMITS.batch };
    (ns.get('_setup') as PyFn)(bridge, limits);
    fns = {
      run_block: ns.get('run_block'),
      get_var: ns.get('get_var'),
      load_context: ns.get('load_context'),
      reset_vars: ns.get('reset_vars'),
    };
    host.post({ type: 'status', state: 'ready', bootMs: Math.round(performance.now() - t0) });
  }

  async function exec(id: number, code: string): Promise<void> {
    currentExec = id;
    cancelledExec = null;
    rawOut = '';
    let json: string;
    try {
      json = String(await fns!.run_block.callPromising(code));
    } catch (e) {
      json = JSON.stringify({ stdout: '', stderr: `Internal sandbox error: ${errorText(e)}\n`, ok: false,
        interrupted: false, final: null, variables: [] });
    } finally {
      currentExec = null;
      rejectAll();
    }
    const result = JSON.parse(json);
    if (rawOut) result.stdout = (result.stdout + rawOut).slice(0, LIMITS.stdoutChars);
    host.post({ type: 'exec-result', id, result });
  }

  function loadContext(msg: Extract<PageMessage, { type: 'load-context' }>): void {
    const r = JSON.parse(String(fns!.load_context(msg.files)));
    msg.files = null; // let the transferred buffers go
    if (r.ok) host.post({ type: 'context-loaded', id: msg.id, meta: r.meta });
    else host.post({ type: 'context-error', id: msg.id, code: r.code, file: r.file, message: r.message });
  }

  /** Runs a Python operation after boot, one at a time; a failure is reported, never thrown into the void. */
  function enqueue(msg: Exclude<PageMessage, { type: 'init' | 'llm-reply' | 'llm-error' | 'cancel' }>): void {
    const run = async () => {
      await bootDone;
      if (!fns) throw new Error('Python is not running');
      if (msg.type === 'exec') return exec(msg.id, msg.code);
      if (msg.type === 'load-context') return loadContext(msg);
      if (msg.type === 'get-var') {
        const value = JSON.parse(String(fns.get_var(msg.name)));
        return host.post({ type: 'var-value', id: msg.id, value });
      }
      fns.reset_vars();
      host.post({ type: 'reset-done', id: msg.id });
    };
    chain = chain.then(run).catch((e) => reportFailure(msg, errorText(e)));
  }

  function reportFailure(msg: { type: string; id: number }, message: string): void {
    if (msg.type === 'load-context') host.post({ type: 'context-error', id: msg.id, code: 'failed', message });
    else if (msg.type === 'exec') {
      const result = { stdout: '', stderr: message + '\n', ok: false, interrupted: false, final: null, variables: [] };
      host.post({ type: 'exec-result', id: msg.id, result });
    } else if (msg.type === 'get-var') host.post({ type: 'var-value', id: msg.id, value: null });
    else host.post({ type: 'status', state: 'error', message });
  }

  return (raw: unknown) => {
    const msg = raw as PageMessage;
    switch (msg?.type) {
      case 'init':
        if (bootDone) return;
        bootDone = boot(msg).catch((e) => {
          fns = null;
          host.post({ type: 'status', state: 'error', message: errorText(e) });
        });
        return;
      case 'llm-reply':
        return settle(msg.id, { results: msg.results });
      case 'llm-error':
        return settle(msg.id, { error: msg.error });
      case 'cancel':
        if (msg.id === currentExec) {
          cancelledExec = msg.id;
          rejectAll();
        }
        return;
      case 'exec':
      case 'load-context':
      case 'get-var':
      case 'reset':
        return enqueue(msg);
    }
  };
}
