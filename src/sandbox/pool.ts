/**
 * A small pool of sandbox workers for the benchmark: each trial takes a sandbox of its own, and gives it back
 * reset (the model's variables gone; the next trial loads its own `context` into a fresh namespace).
 *
 * Why workers here while child runs use namespaces (child.ts): a child lives only while its parent's block waits
 * on it, in the same interpreter, and a namespace spawns in ~0.2 ms where a worker restored from the boot snapshot
 * takes 0.3–1.9 s. Benchmark trials are the opposite case: independent and long-lived, so they need isolation
 * from each other (one trial's runaway loop, crash or 4 GB heap must not touch the others; a namespace shares one
 * heap and sys.modules) and they should run Python in parallel on several cores, which one interpreter cannot.
 * The pool pays the worker start once per member (from the boot snapshot the page keeps: createBrowserSandbox
 * reads it from IndexedDB), then reuses members across trials, so a trial costs a reset, not a boot.
 */
import type { ContextMeta, Repl, ReplFactory } from '../core/types';
import type { ContextFile } from './api';

/** What the pool needs of a sandbox: SandboxClient has it all. */
export interface PoolSandbox extends Repl {
  loadContext(files: ContextFile[] | null, opts?: { slot?: number }): Promise<ContextMeta | null>;
  reset(): Promise<void>;
  spawnRepl?: ReplFactory;
  whenReady?(): Promise<void>;
  dispose(): void;
}

export class SandboxPool<S extends PoolSandbox = PoolSandbox> {
  private readonly all: S[] = [];
  private readonly idle: S[] = [];
  private readonly waiters: { resolve: (s: S) => void; reject: (e: Error) => void }[] = [];
  private disposed = false;

  constructor(private readonly create: () => S, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`A sandbox pool needs a size of at least 1, not ${size}.`);
  }

  /** Members started so far (they start on first demand). */
  get started(): number {
    return this.all.length;
  }

  /** A sandbox of one's own until `release`; waits when all `size` are taken. */
  acquire(signal?: AbortSignal): Promise<S> {
    if (this.disposed) return Promise.reject(new Error('The sandbox pool was disposed.'));
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length < this.size) {
      const s = this.create();
      this.all.push(s);
      return s.whenReady ? s.whenReady().then(() => s, (e) => this.drop(s, e)) : Promise.resolve(s);
    }
    return new Promise<S>((resolve, reject) => {
      const w = { resolve, reject };
      this.waiters.push(w);
      signal?.addEventListener('abort', () => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('stopped while waiting for a sandbox'));
      });
    });
  }

  /** Resets and hands the sandbox to the next trial; one that cannot reset is replaced by a new one. */
  async release(s: S): Promise<void> {
    if (this.disposed) return;
    try {
      await s.reset();
    } catch {
      this.remove(s);
      s.dispose();
      if (this.waiters.length) void this.acquireFresh();
      return;
    }
    const w = this.waiters.shift();
    if (w) w.resolve(s);
    else this.idle.push(s);
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('The sandbox pool was disposed.'));
    for (const s of this.all.splice(0)) s.dispose();
    this.idle.length = 0;
  }

  private async acquireFresh(): Promise<void> {
    const w = this.waiters.shift();
    if (!w) return;
    const s = this.create();
    this.all.push(s);
    try {
      await s.whenReady?.();
      w.resolve(s);
    } catch (e) {
      w.reject(this.failure(s, e));
    }
  }

  private drop(s: S, e: unknown): never {
    throw this.failure(s, e);
  }

  private failure(s: S, e: unknown): Error {
    this.remove(s);
    s.dispose();
    return new Error(`A benchmark sandbox failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }

  private remove(s: S): void {
    const i = this.all.indexOf(s);
    if (i >= 0) this.all.splice(i, 1);
  }
}
