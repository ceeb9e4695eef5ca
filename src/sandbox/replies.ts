/**
 * The page's requests to the worker that wait for a reply with the same id (everything but exec, whose result a
 * BlockRun takes). Replies are untrusted: `match` decides whether a message is the answer, an error, or neither.
 */
import type { WorkerMessage } from './protocol';

export type Match<T> = (m: WorkerMessage) => { value: T } | { error: Error } | null;

interface Waiter {
  accept: (msg: WorkerMessage) => boolean;
  fail: (err: Error) => void;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // observed by whoever awaits; never an unhandled rejection
  return { promise, resolve, reject };
}

export class Replies {
  private readonly waiting = new Map<number, Waiter>();

  /** Registers reply id `id`, then sends (so a synchronous reply finds its waiter). */
  expect<T>(id: number, match: Match<T>, send: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, {
        accept: (m) => {
          const r = match(m);
          if (r) ('error' in r ? reject(r.error) : resolve(r.value));
          return r !== null;
        },
        fail: reject,
      });
      send();
    });
  }

  has(id: number): boolean {
    return this.waiting.has(id);
  }

  /** A message that may be the reply to `msg.id`; ignored when it is not (wrong type, unknown id). */
  offer(msg: WorkerMessage & { id: number }): void {
    const w = this.waiting.get(msg.id);
    if (w?.accept(msg)) this.waiting.delete(msg.id);
  }

  fail(id: number, err: Error): void {
    this.waiting.get(id)?.fail(err);
    this.waiting.delete(id);
  }

  failAll(err: Error): void {
    for (const w of this.waiting.values()) w.fail(err);
    this.waiting.clear();
  }
}
