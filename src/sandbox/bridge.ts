/**
 * The JS object the Python scaffold waits on (prelude.py `_bridge`): sub-LLM requests served by the page, an
 * interruptible sleep, and a cancellable wait for top-level-await blocks. Lives in the worker.
 *
 * Every wait is a promise Python suspends on with JSPI `run_sync`. Interrupting Python while it is suspended there
 * wedges or kills the interpreter (browser-sandbox-facts.md, "Stopping code"), so a stop never reaches suspended
 * Python as an interrupt: the bridge takes the flag out of the interrupt buffer itself and rejects the waits with
 * RLM_CANCELLED, which the scaffold raises as KeyboardInterrupt.
 */
import { CANCELLED, type SubcallOutcome, type WorkerMessage } from './protocol';

interface Deferred {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class Bridge {
  private readonly pending = new Map<number, Deferred>();
  private readonly waits = new Set<Deferred>();
  private poll: ReturnType<typeof setInterval> | null = null;
  private nextRequest = 1;
  /** Once the page cancels a block, every later wait in it fails at once (model code may catch and retry). */
  cancelled = false;

  constructor(
    private readonly post: (msg: WorkerMessage) => void,
    private readonly interrupt: Int32Array | null,
    /** pyodide.checkInterrupt: raises KeyboardInterrupt into Python if the flag is up. */
    private readonly checkInterrupt: () => void,
  ) {}

  // ---------- called from Python ----------

  request(prompts: string[], model?: string | null): Promise<unknown> {
    const id = this.nextRequest++;
    return this.wait((d) => {
      this.pending.set(id, d);
      const msg: WorkerMessage = { type: 'llm-request', id, prompts: Array.from(prompts) };
      if (typeof model === 'string') msg.model = model;
      this.post(msg);
    });
  }

  /** A top-level-await block's task as a cancellable wait; settles (with nothing) when the task is done. */
  guard(task: { then(done: () => void, failed: () => void): void }): Promise<unknown> {
    return this.wait((d) => {
      this.waits.add(d);
      const finish = () => this.waits.delete(d) && d.resolve(undefined);
      task.then(finish, finish);
    });
  }

  /** Synchronous (Atomics.wait, woken by a stop) with an interrupt buffer; otherwise a cancellable promise. */
  sleep(ms: number): Promise<unknown> | undefined {
    const flag = this.interrupt;
    if (flag === null) {
      return this.wait((d) => {
        this.waits.add(d);
        setTimeout(() => this.waits.delete(d) && d.resolve(undefined), ms);
      });
    }
    const end = performance.now() + ms;
    for (let left = ms; left > 0; left = end - performance.now()) {
      if (Atomics.wait(flag, 0, 0, Math.min(left, 1000)) === 'not-equal') break;
    }
    this.checkInterrupt();
    return undefined;
  }

  // ---------- called by the engine ----------

  /** A reply from the page for request `id`. */
  settle(id: number, outcome: { results: SubcallOutcome[] } | { error: string }): void {
    if (this.takeInterrupt()) return this.rejectAll(); // a stop won the race with this reply
    const d = this.pending.get(id);
    if (!d) return;
    this.pending.delete(id);
    if ('results' in outcome) d.resolve(outcome.results);
    else d.reject(new Error(outcome.error));
  }

  /** Rejects every wait. If Python is suspended in one, the flag goes first: Python must never resume from run_sync
   * with it raised. If nothing is pending, the flag stays for Python to see (running, or about to start). */
  rejectAll(): void {
    if (this.pending.size > 0 || this.waits.size > 0) this.takeInterrupt();
    const err = new Error(CANCELLED);
    for (const d of this.pending.values()) d.reject(err);
    for (const d of this.waits) d.reject(err);
    this.pending.clear();
    this.waits.clear();
    if (this.poll !== null) clearInterval(this.poll);
    this.poll = null;
  }

  /** Before Python enters a block. A stop already in the buffer (the page stopped the block before it started) is
   * turned into `cancelled`: an interrupt at entry would land in Pyodide's own call machinery, not in our code. */
  beginBlock(): void {
    this.cancelled = this.takeInterrupt();
  }

  /** The block is over: nothing may wait any more, and a stop that came too late must not hit the next call. */
  endBlock(): void {
    this.rejectAll();
    this.takeInterrupt();
  }

  // ---------- internals ----------

  private takeInterrupt(): boolean {
    return this.interrupt !== null && Atomics.exchange(this.interrupt, 0, 0) !== 0;
  }

  private wait(register: (d: Deferred) => void): Promise<unknown> {
    if (this.cancelled) return Promise.reject(new Error(CANCELLED));
    return new Promise((resolve, reject) => {
      register({ resolve, reject });
      // While Python is suspended, a stop written into the buffer becomes a rejection within ~20 ms.
      if (this.poll === null && this.interrupt !== null) {
        this.poll = setInterval(() => this.takeInterrupt() && this.rejectAll(), 20);
      }
    });
  }
}
