/**
 * One exec() on the page side: posts the block, serves its llm_query requests through `onSubcall`, enforces the
 * time limit and the abort signal, and turns what comes back (or doesn't) into an ExecResult.
 *
 * The time limit is Python's own running time: its clock stands still while a sub-call of the block is being served
 * (Python is suspended in run_sync then, and a slow sub-model or a big batch is not the block's fault). Those waits
 * are bounded by the provider's call timeout and retries instead. `durationMs` stays wall time.
 *
 * A stop (time limit or abort) is three steps, in this order:
 *  1. abort the sub-calls' signal and tell the worker to reject every pending wait (RLM_CANCELLED, which Python
 *     raises as KeyboardInterrupt) - a Python suspended in run_sync must not be interrupted any other way;
 *  2. raise the SharedArrayBuffer interrupt flag, if the page is isolated: stops a pure-Python loop in ms. The flag
 *     is the worker's, shared by every block in flight: a child's block raises it (aimed at its exec id) only while
 *     none of its sub-calls is outstanding, i.e. while it is the one running, so it does not hit a sibling;
 *  3. after `graceMs` with no result (a long C call, a swallowed KeyboardInterrupt, no flag), give up on the
 *     worker: the host replaces it and the result carries `reset`.
 */
import type { ExecOptions, ExecResult, SubcallRequest } from '../core/types';
import { CANCELLED, failedBlock, LIMITS, type NamespaceKey, type PageMessage, type SubcallOutcome,
  type WorkerExecResult, type WorkerMessage } from './protocol';

export interface BlockRunHost {
  post(msg: PageMessage): void;
  /** The current worker's interrupt flag (null when the page is not cross-origin isolated). */
  readonly interruptBuf: Int32Array | null;
  readonly graceMs: number;
  /** How many onSubcall calls of one batched request run at once. */
  readonly subcallConcurrency: number;
  /** Whether a context will be reloaded after a restart (for the message to the model). */
  readonly hasContext: boolean;
  /** The block did not stop: throw the worker away and start another. */
  replaceWorker(message: string): void;
  /** The run is over (result delivered). */
  ended(run: BlockRun): void;
}

type StopReason = 'timeout' | 'abort';

/** A countdown that can be paused and resumed; fires `onExpire` once `budgetMs` of running time has passed. */
class LimitClock {
  private usedMs = 0;
  private since: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly budgetMs: number,
    private readonly onExpire: () => void,
  ) {}

  resume(): void {
    if (this.since !== null) return;
    this.since = performance.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.budgetMs - this.usedMs));
  }

  pause(): void {
    if (this.since === null) return;
    this.usedMs += performance.now() - this.since;
    this.since = null;
    this.clear();
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, LIMITS.messageChars);

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

export class BlockRun {
  done = false;
  private stopping: StopReason | null = null;
  private readonly t0 = performance.now();
  private readonly sub = new AbortController();
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly limit: LimitClock;
  /** llm-requests of this block not yet answered: while there is one, Python is waiting, not running. */
  private outstanding = 0;
  private offAbort = () => undefined as void;

  constructor(
    readonly id: number,
    private readonly opts: ExecOptions,
    private readonly host: BlockRunHost,
    private readonly resolve: (r: ExecResult) => void,
    /** The namespace the block runs in: 0 the root, n a child run's. */
    readonly ns: NamespaceKey = 0,
  ) {
    this.limit = new LimitClock(opts.timeoutMs, () => this.stop('timeout'));
  }

  start(code: string): void {
    const signal = this.opts.signal;
    // Already stopped: never hand the code to Python. Racing a cancel message against the exec would depend on
    // how busy the machine is, and without an interrupt buffer a lost race means a restart.
    if (signal?.aborted) {
      this.stopping = 'abort';
      return this.finish(failedBlock('KeyboardInterrupt\n', true));
    }
    // A child starts while its parent waits: the flag may be up for someone else, so only the root clears it.
    if (this.host.interruptBuf && this.ns === 0) Atomics.store(this.host.interruptBuf, 0, 0);
    this.host.post({ type: 'exec', id: this.id, code, ns: this.ns });
    this.limit.resume();
    if (signal) {
      const onAbort = () => this.stop('abort');
      signal.addEventListener('abort', onAbort, { once: true });
      this.offAbort = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /** A request from this block's Python (already validated, id checked by the client). */
  onLlmRequest(msg: Extract<WorkerMessage, { type: 'llm-request' }>): void {
    if (this.stopping) return this.host.post({ type: 'llm-error', id: msg.id, error: CANCELLED });
    if (this.outstanding++ === 0) this.limit.pause();
    const ask = (prompt: string): Promise<SubcallOutcome> => {
      const req: SubcallRequest = { prompt, kind: msg.kind, ...(msg.model === undefined ? {} : { model: msg.model }),
        ...(msg.batched ? { batched: true as const } : {}) };
      return Promise.resolve()
        .then(() => this.opts.onSubcall(req, this.sub.signal))
        .then((text) => ({ ok: true as const, text: String(text) }), (e) => ({ ok: false as const, error: messageOf(e) }));
    };
    void pool(msg.prompts, this.host.subcallConcurrency, ask).then((results) => {
      if (this.done || this.stopping) return;
      this.host.post({ type: 'llm-reply', id: msg.id, results });
      if (--this.outstanding === 0) this.limit.resume();
    });
  }

  /** Python's result for this block. */
  finish(r: WorkerExecResult): void {
    if (this.done) return;
    this.end();
    // A block that completed before the stop reached it is reported as it is.
    const stopped = this.stopping !== null && (r.interrupted || !r.ok);
    this.resolve({
      stdout: r.stdout,
      stderr: stopped ? r.stderr + this.stopNote() : r.stderr,
      ok: r.ok && !stopped,
      final: r.final,
      durationMs: Math.round(performance.now() - this.t0),
      variables: r.variables,
      ...(r.variableInfo ? { variableInfo: r.variableInfo } : {}),
      ...(stopped && this.stopping === 'timeout' ? { timedOut: true } : {}),
    });
  }

  /** Ends the run without a result from Python (its worker is being thrown away). */
  abandon(why: string): void {
    if (this.done) return;
    this.end();
    const ctx = this.host.hasContext ? ' `context` is being reloaded.' : '';
    const reset = `${why} The Python interpreter was restarted: all variables are gone.${ctx}`;
    this.resolve({ stdout: '', stderr: reset + '\n', ok: false, final: null, variables: [], reset,
      durationMs: Math.round(performance.now() - this.t0),
      ...(this.stopping === 'timeout' ? { timedOut: true } : {}) });
  }

  stop(reason: StopReason): void {
    if (this.done || this.stopping) return;
    this.stopping = reason;
    this.sub.abort(new Error(CANCELLED));
    this.host.post({ type: 'cancel', id: this.id });
    const flag = this.host.interruptBuf;
    if (flag) {
      const raise = () => {
        if (this.ns !== 0 && this.outstanding > 0) return; // waiting: the cancel rejects its waits instead
        if (flag.length > 1) Atomics.store(flag, 1, this.ns === 0 ? 0 : this.id); // 0 = the whole tree
        Atomics.store(flag, 0, 2); // 2 = SIGINT
        Atomics.notify(flag, 0); // wakes an interruptible time.sleep
      };
      raise();
      // Python consumes the flag wherever the interrupt lands; if that was scaffold code that swallowed it (seen
      // on a loaded machine, at block entry), raising it again stops the block in place instead of a restart.
      this.timers.push(setInterval(raise, 100) as unknown as ReturnType<typeof setTimeout>);
    }
    this.timers.push(setTimeout(() => this.giveUp(), this.host.graceMs));
  }

  private giveUp(): void {
    if (this.done) return;
    const what = this.stopping === 'timeout' ? `the ${this.opts.timeoutMs / 1000} s time limit` : 'the stop';
    this.abandon(`${this.stopNote().trim()} Python did not stop within ${this.host.graceMs / 1000} s of ${what}.`);
    this.host.replaceWorker('Restarting Python (the block did not stop)…');
  }

  private stopNote(): string {
    return this.stopping === 'timeout'
      ? `TimeoutError: the block ran longer than the ${this.opts.timeoutMs / 1000} s time limit and was stopped.\n`
      : 'The block was stopped by the user.\n';
  }

  private end(): void {
    this.done = true;
    this.limit.clear();
    this.timers.forEach((t) => clearTimeout(t)); // also clears the setInterval: same id space in browsers and Node
    this.offAbort();
    this.sub.abort(new Error(CANCELLED));
    const flag = this.host.interruptBuf;
    // Lower the flag only if it is this block's (a root's covers the tree); a sibling's stop may still be pending.
    if (flag && (this.ns === 0 || (flag.length > 1 && Atomics.load(flag, 1) === this.id))) Atomics.store(flag, 0, 0);
    this.host.ended(this);
  }
}
