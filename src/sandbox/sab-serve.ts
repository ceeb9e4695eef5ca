/**
 * The SAB bridge's wait (bridge.ts `requestSync`): Python is blocked in a JS call, so this loop is the worker's
 * only way to hear the page. It reads the page's messages from the channel (sab-channel.ts) and dispatches them
 * synchronously until the wait is settled: a reply or a cancel settles it; a child run's operation (its block,
 * spawn, get-var…) runs right here in the same interpreter, so nested waits unwind last in first out. Every wait
 * has a timeout, after which the interrupt flag is polled: Stop and the block limit work while Python waits.
 *
 * The page routes its messages into the channel while the worker is waiting, which it reads from shared memory
 * (WAITING, set before the request is posted), never from a message model code could forge. Leaving the outermost
 * wait, the worker clears WAITING, posts `sab-leave` and keeps reading until a `sab-release`: the page switches back
 * to postMessage exactly when it writes one, so nothing it wrote into the channel is left unread. A release read
 * while serving is stale (a forged sab-leave's) and ignored.
 */
import type { PageMessage, WorkerMessage } from './protocol';
import type { SabReceiver } from './sab-channel';

/** How long one wait lasts before the interrupt flag is looked at again. */
const POLL_MS = 20;

export class SabService {
  private depth = 0;
  /** Bumped by every release read while draining: ends every drain in progress (nested ones too). */
  private released = 0;

  constructor(
    private readonly rx: SabReceiver,
    private readonly post: (msg: WorkerMessage) => void,
    /** Runs one page message synchronously (the engine's dispatch). */
    private readonly dispatch: (msg: PageMessage) => void,
    /** Turns a raised interrupt flag into cancelled waits (bridge.ts pollInterrupt). */
    private readonly poll: () => void,
  ) {}

  /** `start` (posting the request) runs once WAITING is up, so the page routes the answer into the channel. */
  serve(start: () => void, done: () => boolean): void {
    this.depth++;
    this.rx.setWaiting(true);
    try {
      start();
      while (!done()) {
        const msg = this.rx.next(POLL_MS);
        if (msg && msg.type !== 'sab-release') this.dispatch(msg);
        this.poll();
      }
    } finally {
      this.depth--;
    }
    if (this.depth > 0) return;
    this.rx.setWaiting(false);
    this.post({ type: 'sab-leave' });
    const epoch = this.released;
    while (this.released === epoch) {
      const msg = this.rx.next(POLL_MS);
      if (msg?.type === 'sab-release') this.released++;
      else if (msg) this.dispatch(msg);
    }
  }
}
