import { describe, expect, it } from 'vitest';
import type { ChatPart } from '../core/types';
import { AbortedError, RateLimitError, ServerError, StreamError, TimeoutError, ProviderError } from './errors';
import { parseRetryAfter } from './retry-after';
import { backoffDelay, callWithRetry, resolvePolicy, streamWithRetry, type RetryPolicy } from './retry';

const who = { provider: 'openai' as const, endpoint: 'http://x.test/v1' };
const text = (t: string): ChatPart => ({ type: 'text', text: t });
const done: ChatPart = { type: 'done', usage: { inputTokens: 1, outputTokens: 1, estimated: false }, model: 'm' };

function policy(p: Partial<RetryPolicy> = {}, sleeps: number[] = []): RetryPolicy {
  return resolvePolicy({ baseDelayMs: 100, random: () => 1, sleep: async (ms) => void sleeps.push(ms), ...p });
}

async function drain(it: AsyncIterable<ChatPart>): Promise<ChatPart[]> {
  const out: ChatPart[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt with 50–100 % jitter, capped, and Retry-After wins', () => {
    const p = resolvePolicy({ baseDelayMs: 100, maxDelayMs: 300 });
    expect(backoffDelay(1, { ...p, random: () => 0 })).toBe(50);
    expect(backoffDelay(2, { ...p, random: () => 1 })).toBe(200);
    expect(backoffDelay(5, { ...p, random: () => 1 })).toBe(300);
    expect(backoffDelay(3, p, 1234)).toBe(1234);
  });
});

describe('streamWithRetry', () => {
  it('retries retryable failures that happen before the first part', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const parts = await drain(
      streamWithRetry(async function* () {
        calls++;
        if (calls === 1) throw new RateLimitError({ ...who, retryAfterMs: 700 });
        if (calls === 2) throw new ServerError({ ...who, status: 502 });
        yield text('hi');
        yield done;
      }, { ...who, policy: policy({}, sleeps) }),
    );
    expect(parts).toEqual([text('hi'), done]);
    expect(sleeps).toEqual([700, 200]);
  });

  it('never retries once a part was delivered: StreamError(partial)', async () => {
    let calls = 0;
    const seen: ChatPart[] = [];
    const run = async () => {
      for await (const p of streamWithRetry(async function* () {
        calls++;
        yield text('a');
        throw new ServerError({ ...who, status: 500 });
      }, { ...who, policy: policy() })) seen.push(p);
    };
    const err = await run().catch((e) => e);
    expect(err).toBeInstanceOf(StreamError);
    expect(err.partial).toBe(true);
    expect(calls).toBe(1);
    expect(seen).toEqual([text('a')]);
  });

  it('reports a Retry-After beyond the cap instead of waiting it out', async () => {
    const sleeps: number[] = [];
    const err = await drain(
      streamWithRetry(async function* () {
        yield* [];
        throw new RateLimitError({ ...who, retryAfterMs: 3_600_000 });
      }, { ...who, policy: policy({}, sleeps) }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(sleeps).toEqual([]);
  });

  it('aborts at once during a backoff sleep', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const t0 = Date.now();
    const err = await drain(
      streamWithRetry(async function* () {
        yield* [];
        throw new ServerError({ ...who, status: 503 });
      }, { ...who, signal: ac.signal, policy: resolvePolicy({ baseDelayMs: 60_000 }) }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('aborts at once even if the attempt ignores its signal', async () => {
    const ac = new AbortController();
    const it = streamWithRetry(async function* () {
      yield text('a');
      await new Promise(() => undefined); // a stream that hangs and never looks at the signal
    }, { ...who, signal: ac.signal, policy: policy() })[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual(text('a'));
    const pending = it.next();
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('times out when the stream goes quiet', async () => {
    const err = await drain(
      streamWithRetry(async function* (signal) {
        yield text('a');
        await new Promise((r) => signal.addEventListener('abort', r));
        throw new Error('aborted');
      }, { ...who, policy: policy({ idleTimeoutMs: 50 }) }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.phase).toBe('idle');
  });

  it('does not count the consumer’s own pauses as idle time', async () => {
    const parts: ChatPart[] = [];
    for await (const p of streamWithRetry(async function* () {
      yield text('a');
      yield done;
    }, { ...who, policy: policy({ idleTimeoutMs: 30 }) })) {
      parts.push(p);
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(parts).toHaveLength(2);
  });

  it('releases the request when the consumer stops early', async () => {
    let attemptSignal: AbortSignal | undefined;
    for await (const p of streamWithRetry(async function* (signal) {
      attemptSignal = signal;
      yield text('a');
      yield text('b');
    }, { ...who, policy: policy() })) {
      expect(p).toEqual(text('a'));
      break;
    }
    expect(attemptSignal?.aborted).toBe(true);
  });
});

describe('callWithRetry', () => {
  it('retries and times out one-shot calls', async () => {
    let n = 0;
    const v = await callWithRetry(async () => {
      if (++n < 3) throw new ServerError({ ...who, status: 500 });
      return 'ok';
    }, { ...who, policy: policy() });
    expect(v).toBe('ok');
    const err = await callWithRetry(() => new Promise(() => undefined), { ...who, policy: policy({ requestTimeoutMs: 30 }) }).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ProviderError);
  });
});
