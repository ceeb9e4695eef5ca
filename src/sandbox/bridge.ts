/**
 * The JS object the Python scaffold waits on (prelude.py `_bridge`): sub-LLM requests served by the page, an
 * interruptible sleep, and a cancellable wait for top-level-await blocks. Lives in the worker.
 *
 * Two ways to wait, chosen once at start-up (bridge-choice.ts):
 * - 'jspi': every wait is a promise Python suspends on with JSPI `run_sync`; the worker's event loop stays free.
 * - 'sab' (browsers without JSPI, needs cross-origin isolation): `requestSync` blocks Python in a service loop
 *   (sab-serve.ts) that reads the page's messages from a SharedArrayBuffer: the reply, a cancel, or work for the
 *   same interpreter (a child run's block), which runs nested in the wait, last in first out. A block started
 *   from the event loop runs as a coroutine (prelude.py run_block_async), so its top-level await still works; one
 *   nested in a wait cannot suspend, and the scaffold says so.
 *
 * Interrupting Python while it is suspended in run_sync
 * wedges or kills the interpreter, so a stop never reaches suspended Python as an interrupt: the bridge takes the
 * flag out of the interrupt buffer itself and rejects the waits with RLM_CANCELLED, which the scaffold raises as
 * KeyboardInterrupt.
 *
 * Several blocks can be suspended at once (a parent waiting on rlm_query while its children run, see child.ts), so
 * every wait belongs to an exec id: stopping a child rejects only that child's waits; stopping the root (exec of
 * namespace 0) rejects every wait: a Stop interrupts the whole tree.
 */
import type { SubcallKind } from '../core/types';
import { CANCELLED, type SubcallOutcome, type WorkerMessage } from './protocol';

interface Deferred {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  exec: number;
}

/** An interrupt target: 0 = every exec (a root stop), else that exec only. */
type Target = number;

export class Bridge {
  private readonly pending = new Map<number, Deferred>();
  private readonly waits = new Set<Deferred>();
  private poll: ReturnType<typeof setInterval> | null = null;
  private nextRequest = 1;
  /** Once the page cancels a block, every later wait in it fails at once (model code may catch and retry). */
  private cancelledAll = false;
  private readonly cancelled = new Set<number>();

  constructor(
    private readonly post: (msg: WorkerMessage) => void,
    private readonly interrupt: Int32Array | null,
    /** pyodide.checkInterrupt: raises KeyboardInterrupt into Python if the flag is up. */
    private readonly checkInterrupt: () => void,
    /** SAB bridge only: runs `start`, then serves the page's messages until `done()` (sab-serve.ts). */
    private readonly serve: ((start: () => void, done: () => boolean) => void) | null = null,
  ) {}

  /** Waits block Python synchronously (the SAB bridge) rather than return promises for run_sync. */
  get sync(): boolean {
    return this.serve !== null;
  }

  // ---------- called from Python ----------

  isCancelled(exec: number): boolean {
    return this.cancelledAll || this.cancelled.has(exec);
  }

  request(prompts: string[], model: string | null | undefined, kind: SubcallKind, exec: number, batched = false): Promise<unknown> {
    const id = this.nextRequest++;
    return this.wait(exec, (d) => {
      this.pending.set(id, d);
      this.post(requestMessage(id, exec, kind, prompts, model, batched));
    });
  }

  /** The SAB bridge's request: returns the outcomes, or throws (RLM_CANCELLED when stopped). */
  requestSync(prompts: string[], model: string | null | undefined, kind: SubcallKind, exec: number, batched = false): unknown {
    if (this.isCancelled(exec)) throw new Error(CANCELLED);
    const box: { out?: { value: unknown } | { error: Error } } = {};
    const id = this.nextRequest++;
    this.pending.set(id, { resolve: (value) => (box.out = { value }), reject: (error) => (box.out = { error }), exec });
    this.serve!(() => this.post(requestMessage(id, exec, kind, prompts, model, batched)), () => box.out !== undefined);
    const out = box.out!;
    if ('error' in out) throw out.error;
    return out.value;
  }

  /** SAB bridge: a stop written into the buffer while Python is blocked becomes a rejection (as the JSPI poll). */
  pollInterrupt(): void {
    const t = this.takeInterrupt();
    if (t !== null) this.cancelTarget(t);
  }

  /** A top-level-await block's task as a cancellable wait; settles (with nothing) when the task is done. */
  guard(task: { then(done: () => void, failed: () => void): void }, exec: number): Promise<unknown> {
    return this.wait(exec, (d) => {
      this.waits.add(d);
      const finish = () => this.waits.delete(d) && d.resolve(undefined);
      task.then(finish, finish);
    });
  }

  /** Synchronous (Atomics.wait, woken by a stop) with an interrupt buffer; otherwise a cancellable promise. */
  sleep(ms: number, exec: number): Promise<unknown> | undefined {
    const flag = this.interrupt ?? (this.sync ? new Int32Array(new SharedArrayBuffer(4)) : null);
    if (flag === null) {
      return this.wait(exec, (d) => {
        this.waits.add(d);
        setTimeout(() => this.waits.delete(d) && d.resolve(undefined), ms);
      });
    }
    const end = performance.now() + ms;
    for (let left = ms; left > 0; left = end - performance.now()) {
      if (Atomics.wait(flag, 0, 0, Math.min(left, 1000)) === 'not-equal') break;
    }
    if (this.interrupt) this.checkInterrupt();
    return undefined;
  }

  // ---------- called by the engine ----------

  /** A reply from the page for request `id`. */
  settle(id: number, outcome: { results: SubcallOutcome[] } | { error: string }): void {
    const t = this.takeInterrupt();
    if (t !== null) this.cancelTarget(t); // a stop won the race with this reply
    const d = this.pending.get(id);
    if (!d) return;
    this.pending.delete(id);
    if ('results' in outcome) d.resolve(outcome.results);
    else d.reject(new Error(outcome.error));
  }

  /** The page stopped exec `exec`; `whole`: it is the root's, so the whole tree stops. If Python is suspended in a
   * wait of it, the flag goes first: Python must never resume from run_sync with it raised. If nothing is pending,
   * the flag stays for Python to see (running, or about to start). */
  cancel(exec: number, whole: boolean): void {
    if (this.has((d) => whole || d.exec === exec)) {
      const t = this.peekTarget();
      if (t !== null && (whole || t === 0 || t === exec)) this.takeInterrupt();
    }
    this.cancelTarget(whole ? 0 : exec);
  }

  /** Before Python enters a block. A stop already in the buffer for it (the page stopped the block before it
   * started) is turned into `cancelled`: an interrupt at entry would land in Pyodide's call machinery. */
  beginBlock(exec: number, root: boolean): void {
    if (root) {
      this.cancelled.clear();
      this.cancelledAll = this.takeInterrupt() !== null;
      return;
    }
    const t = this.peekTarget();
    if (t === 0 || t === exec) this.cancelTarget(this.takeInterrupt()!);
  }

  /** The block is over: nothing of it may wait any more, and a stop that came too late must not hit the next call. */
  endBlock(exec: number, root: boolean): void {
    if (root) {
      this.cancelTarget(0);
      this.cancelledAll = false;
      this.cancelled.clear();
      this.takeInterrupt();
      return;
    }
    this.rejectWhere((d) => d.exec === exec);
    this.cancelled.delete(exec);
    if (this.peekTarget() === exec) this.takeInterrupt();
  }

  // ---------- internals ----------

  private cancelTarget(t: Target): void {
    if (t === 0) this.cancelledAll = true;
    else this.cancelled.add(t);
    this.rejectWhere((d) => t === 0 || d.exec === t);
  }

  private has(pred: (d: Deferred) => boolean): boolean {
    for (const d of this.pending.values()) if (pred(d)) return true;
    for (const d of this.waits) if (pred(d)) return true;
    return false;
  }

  private rejectWhere(pred: (d: Deferred) => boolean): void {
    const err = new Error(CANCELLED);
    for (const [id, d] of this.pending) if (pred(d)) (this.pending.delete(id), d.reject(err));
    for (const d of this.waits) if (pred(d)) (this.waits.delete(d), d.reject(err));
    if (this.pending.size === 0 && this.waits.size === 0 && this.poll !== null) {
      clearInterval(this.poll);
      this.poll = null;
    }
  }

  private peekTarget(): Target | null {
    const f = this.interrupt;
    return f !== null && Atomics.load(f, 0) !== 0 ? (f.length > 1 ? Atomics.load(f, 1) : 0) : null;
  }

  private takeInterrupt(): Target | null {
    const t = this.peekTarget();
    if (t === null || Atomics.exchange(this.interrupt!, 0, 0) === 0) return null;
    return t;
  }

  private wait(exec: number, register: (d: Deferred) => void): Promise<unknown> {
    if (this.isCancelled(exec)) return Promise.reject(new Error(CANCELLED));
    return new Promise((resolve, reject) => {
      register({ resolve, reject, exec });
      // While Python is suspended, a stop written into the buffer becomes a rejection within ~20 ms.
      if (this.poll === null && this.interrupt !== null) {
        this.poll = setInterval(() => {
          const t = this.takeInterrupt();
          if (t !== null) this.cancelTarget(t);
        }, 20);
      }
    });
  }
}

function requestMessage(id: number, exec: number, kind: SubcallKind, prompts: string[], model: string | null | undefined,
  batched: boolean): WorkerMessage {
  const msg: WorkerMessage = { type: 'llm-request', id, exec, kind: kind === 'rlm' ? 'rlm' : 'llm',
    prompts: Array.from(prompts) };
  if (typeof model === 'string') msg.model = model;
  if (batched === true) msg.batched = true;
  return msg;
}
