/**
 * The SAB bridge's wait (bridge.ts `requestSync`): Python is blocked in a JS call, so this loop is the worker's
 * only way to hear the page. It reads the page's messages from the channel (sab-channel.ts) and dispatches them
 * synchronously until the wait is settled: a reply or a cancel settles it; a child run's operation (its block,
 * spawn, get-var…) runs right here in the same interpreter, so nested waits unwind last in first out. Every wait
 * has a timeout, after which the interrupt flag is polled: Stop and the block limit work while Python waits.
 *
 * Leaving the outermost wait, the worker posts `sab-leave` and keeps reading until the page's `sab-release`: the
 * page switches back to postMessage only then, so nothing it wrote into the channel is ever left unread.
 */
import type { PageMessage, WorkerMessage } from './protocol';
import type { SabReceiver } from './sab-channel';

/** How long one wait lasts before the interrupt flag is looked at again. */
const POLL_MS = 20;

export class SabService {
  private depth = 0;
  /** sab-leave messages posted and not yet answered by sab-release. */
  private unreleased = 0;

  constructor(
    private readonly rx: SabReceiver,
    private readonly post: (msg: WorkerMessage) => void,
    /** Runs one page message synchronously (the engine's dispatch). */
    private readonly dispatch: (msg: PageMessage) => void,
    /** Turns a raised interrupt flag into cancelled waits (bridge.ts pollInterrupt). */
    private readonly poll: () => void,
  ) {}

  serve(done: () => boolean): void {
    this.depth++;
    try {
      while (!done()) {
        const msg = this.rx.next(POLL_MS);
        if (msg) this.take(msg);
        this.poll();
      }
    } finally {
      this.depth--;
    }
    if (this.depth > 0) return;
    this.unreleased++;
    this.post({ type: 'sab-leave' });
    while (this.unreleased > 0) {
      const msg = this.rx.next(POLL_MS);
      if (msg) this.take(msg);
    }
  }

  private take(msg: PageMessage): void {
    if (msg.type === 'sab-release') this.unreleased--;
    else this.dispatch(msg);
  }
}
