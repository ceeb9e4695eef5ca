/**
 * One retry and timeout policy for all providers (the SDKs' own retries are
 * switched off). A stream is retried only while nothing has reached the
 * consumer: once a part is out, a retry would duplicate it, so a failure then
 * becomes a StreamError (or TimeoutError / AbortedError).
 */
import type { ChatPart, ProviderKind } from '../core/types';
import {
  AbortedError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  StreamError,
  TimeoutError,
  type TimeoutPhase,
} from './errors';
import { untilAborted } from './util';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Attempts when nothing answers: one retry covers a blip, more would only delay "server not running". */
  maxConnectionAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is reported rather than waited out. */
  maxRetryAfterMs: number;
  /** Until the first part; generous because local models load and read long prompts first. */
  firstByteTimeoutMs: number;
  /** Longest silence between two parts. */
  idleTimeoutMs: number;
  /** For non-streaming calls such as listing models. */
  requestTimeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxConnectionAttempts: 2,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  sleep: abortableSleep,
  now: () => Date.now(),
  random: Math.random,
};

export function resolvePolicy(p?: Partial<RetryPolicy>): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...p };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with jitter (50–100 % of the step); Retry-After wins when given. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + policy.random() * 0.5));
}

export interface RetryTarget {
  provider: ProviderKind;
  endpoint: string;
  signal?: AbortSignal;
  policy: RetryPolicy;
}

/** How long to wait before another attempt, or undefined when the error is final. */
function retryDelay(err: ProviderError, attempt: number, t: RetryTarget): number | undefined {
  const max = err instanceof ConnectionError ? Math.min(t.policy.maxAttempts, t.policy.maxConnectionAttempts) : t.policy.maxAttempts;
  if (!err.retryable || attempt >= max) return undefined;
  const after = err instanceof RateLimitError ? err.retryAfterMs : undefined;
  if (after !== undefined && after > t.policy.maxRetryAfterMs) return undefined;
  return backoffDelay(attempt, t.policy, after);
}

/** Aborts an attempt when the user aborts or a deadline passes, and remembers which. */
class AttemptControl {
  readonly controller = new AbortController();
  timedOut?: { phase: TimeoutPhase; ms: number };
  private timer?: ReturnType<typeof setTimeout>;
  private readonly unlink: () => void;

  constructor(user?: AbortSignal) {
    const onUser = () => this.controller.abort(user?.reason);
    if (user?.aborted) onUser();
    user?.addEventListener('abort', onUser, { once: true });
    this.unlink = () => user?.removeEventListener('abort', onUser);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(phase: TimeoutPhase, ms: number): void {
    clearTimeout(this.timer);
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.timer = setTimeout(() => {
      this.timedOut = { phase, ms };
      this.controller.abort(new DOMException(`${phase} timeout`, 'TimeoutError'));
    }, ms);
  }

  disarm(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}

/** The next item, or a rejection as soon as `signal` aborts, whatever the iterator is doing. */
function nextOrAbort<T>(it: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return untilAborted(it.next(), signal);
}

/** What a failure becomes, given who aborted and whether parts were already delivered. */
function classify(err: unknown, ctl: AttemptControl, t: RetryTarget, yielded: number): ProviderError {
  const base = { provider: t.provider, endpoint: t.endpoint, cause: err };
  if (t.signal?.aborted) {
    // A caller's AbortSignal.timeout() is a deadline, not a user's Stop.
    const reason = t.signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') return new TimeoutError({ ...base, phase: 'request', timeoutMs: 0 });
    return new AbortedError(base);
  }
  if (ctl.timedOut) return new TimeoutError({ ...base, phase: ctl.timedOut.phase, timeoutMs: ctl.timedOut.ms });
  const pe = err instanceof ProviderError ? err : new StreamError({ ...base, detail: String(err), partial: false });
  if (yielded === 0 || pe instanceof AbortedError || pe instanceof TimeoutError) return pe;
  if (pe instanceof StreamError && pe.partial) return pe;
  return new StreamError({ ...base, status: pe.status, detail: pe.detail ?? pe.message, partial: true });
}

export type StreamAttempt = (signal: AbortSignal, attempt: number) => AsyncIterable<ChatPart>;

export async function* streamWithRetry(open: StreamAttempt, t: RetryTarget): AsyncGenerator<ChatPart> {
  for (let attempt = 1; ; attempt++) {
    const ctl = new AttemptControl(t.signal);
    let yielded = 0;
    let finished = false;
    let it: AsyncIterator<ChatPart> | undefined;
    try {
      ctl.arm('first-byte', t.policy.firstByteTimeoutMs);
      it = open(ctl.signal, attempt)[Symbol.asyncIterator]();
      for (;;) {
        // The idle clock runs only while we wait on the server, not while the consumer works.
        if (yielded > 0) ctl.arm('idle', t.policy.idleTimeoutMs);
        const r = await nextOrAbort(it, ctl.signal);
        ctl.disarm();
        if (r.done) {
          finished = true;
          return;
        }
        yielded++;
        yield r.value;
      }
    } catch (err) {
      finished = true;
      const pe = classify(err, ctl, t, yielded);
      ctl.controller.abort();
      void it?.return?.()?.catch(() => undefined);
      const delay = yielded === 0 ? retryDelay(pe, attempt, t) : undefined;
      if (delay === undefined) throw pe;
      await sleepOrAbort(delay, t);
    } finally {
      // The consumer stopped early (break/return): release the request.
      if (!finished) {
        ctl.controller.abort();
        void it?.return?.()?.catch(() => undefined);
      }
      ctl.dispose();
    }
  }
}

async function sleepOrAbort(ms: number, t: RetryTarget): Promise<void> {
  try {
    await t.policy.sleep(ms, t.signal);
  } catch (err) {
    throw new AbortedError({ provider: t.provider, endpoint: t.endpoint, cause: err });
  }
  if (t.signal?.aborted) throw new AbortedError({ provider: t.provider, endpoint: t.endpoint });
}

/** The same policy for one-shot calls (listing models): request timeout instead of first-byte/idle. */
export async function callWithRetry<T>(call: (signal: AbortSignal) => Promise<T>, t: RetryTarget): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const ctl = new AttemptControl(t.signal);
    try {
      ctl.arm('request', t.policy.requestTimeoutMs);
      return await untilAborted(call(ctl.signal), ctl.signal);
    } catch (err) {
      const pe = classify(err, ctl, t, 0);
      const delay = retryDelay(pe, attempt, t);
      if (delay === undefined) throw pe;
      await sleepOrAbort(delay, t);
    } finally {
      ctl.dispose();
    }
  }
}
