/**
 * The ChatProvider contract, run against each provider and the fake server
 * over real HTTP, so the SDKs' own request and stream code is exercised.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import type { ChatMessage, ChatPart, ChatProvider, ProviderKind } from '../core/types';
import {
  AbortedError,
  AuthError,
  ConnectionError,
  ModelNotFoundError,
  ProviderError,
  StreamError,
  TimeoutError,
  createProvider,
  type ProviderConfig,
  type ProviderDeps,
} from './index';

const KEY = 'sk-test-SECRETKEY-0123456789';
const ROOT: ChatMessage[] = [
  { role: 'system', content: 'You have a REPL with `context`.' },
  { role: 'user', content: 'Answer the following: What is the secret number?\n\nYour context is a str.' },
];
const PROMPT_TOKENS = Math.ceil(ROOT.reduce((n, m) => n + m.content.length, 0) / 4);

function config(kind: ProviderKind, url: string): ProviderConfig {
  if (kind === 'ollama') return { kind, host: url };
  if (kind === 'openai') return { kind, preset: 'custom', baseURL: `${url}/v1`, apiKey: KEY };
  if (kind === 'anthropic') return { kind, apiKey: KEY, baseURL: url };
  return { kind };
}

async function collect(it: AsyncIterable<ChatPart>): Promise<ChatPart[]> {
  const parts: ChatPart[] = [];
  for await (const p of it) parts.push(p);
  return parts;
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

const textOf = (parts: ChatPart[]) => parts.map((p) => (p.type === 'text' ? p.text : '')).join('');

async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

let fast: FakeLlmServer;
let slow: FakeLlmServer;
beforeAll(async () => {
  fast = await createFakeLlmServer({ chunkDelayMs: 0 });
  slow = await createFakeLlmServer({ chunkDelayMs: 25 });
});
afterAll(async () => {
  await fast.close();
  await slow.close();
});

describe.each<ProviderKind>(['ollama', 'openai', 'anthropic'])('%s provider', (kind) => {
  let sleeps: number[];
  const deps = (): ProviderDeps => ({ retry: { baseDelayMs: 1, sleep: async (ms) => void sleeps.push(ms) } });
  const make = (d: ProviderDeps = deps(), server = fast): ChatProvider => createProvider(config(kind, server.url), d);

  beforeEach(() => {
    sleeps = [];
    fast.resetStats();
    slow.resetStats();
  });

  it('lists the models', async () => {
    const models = await make().listModels();
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['solver', 'solver-think']));
  });

  it('streams text and ends with exactly one done carrying reported usage', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver' }));
    expect(textOf(parts)).toContain('```repl');
    expect(parts.filter((p) => p.type === 'done')).toHaveLength(1);
    const done = parts[parts.length - 1];
    expect(done).toMatchObject({ type: 'done', model: 'solver', usage: { inputTokens: PROMPT_TOKENS, estimated: false } });
    expect(parts.filter((p) => p.type === 'text').length).toBeGreaterThan(5);
  });

  it('surfaces thinking as thinking parts, never as text', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver-think', think: 'on' }));
    const thinking = parts.filter((p) => p.type === 'thinking').map((p) => (p as { text: string }).text).join('');
    expect(thinking).toContain('DRAFT-FROM-THINKING');
    expect(textOf(parts)).not.toContain('DRAFT-FROM-THINKING');
    expect(parts.findIndex((p) => p.type === 'thinking')).toBeLessThan(parts.findIndex((p) => p.type === 'text'));
  });

  it('estimates usage (chars/4) when the server reports none', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver@nousage' }));
    const done = parts[parts.length - 1];
    expect(done).toMatchObject({ type: 'done', usage: { inputTokens: PROMPT_TOKENS, estimated: true } });
    if (done.type === 'done') expect(done.usage.outputTokens).toBe(Math.ceil(textOf(parts).length / 4));
  });

  it('retries a 429 after the Retry-After delay', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver@429' }));
    expect(parts.at(-1)?.type).toBe('done');
    expect(sleeps).toEqual([1000]);
    expect(fast.stats.models['solver@429']).toBe(2);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver@500x2' }));
    expect(parts.at(-1)?.type).toBe('done');
    expect(sleeps).toHaveLength(2);
    expect(fast.stats.models['solver@500x2']).toBe(3);
  });

  it('gives up on a 500 after maxAttempts with a ServerError', async () => {
    const err = await failure(collect(make({ ...deps(), retry: { ...deps().retry, maxAttempts: 2 } }).chat(ROOT, { model: 'solver@500x9' })));
    expect(err.code).toBe('server');
    expect(fast.stats.models['solver@500x9']).toBe(2);
  });

  it('retries a stream cut before the first token', async () => {
    const parts = await collect(make().chat(ROOT, { model: 'solver@reset0' }));
    expect(parts.at(-1)?.type).toBe('done');
    expect(fast.stats.models['solver@reset0']).toBe(2);
  });

  it('does not retry a stream cut after tokens were delivered: StreamError', async () => {
    const seen: ChatPart[] = [];
    const err = await failure(
      (async () => {
        for await (const p of make().chat(ROOT, { model: 'solver@reset' })) seen.push(p);
      })(),
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).partial).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(fast.stats.models['solver@reset']).toBe(1);
  });

  it('maps an unknown model to ModelNotFoundError', async () => {
    const err = await failure(collect(make().chat(ROOT, { model: 'no-such-model' })));
    expect(err).toBeInstanceOf(ModelNotFoundError);
    expect(err.userMessage).toContain('no-such-model');
    if (kind === 'ollama') expect(err.userMessage).toContain('ollama pull no-such-model');
  });

  it('reports a server that is not running as a ConnectionError naming the address', async () => {
    const url = await closedPortUrl();
    const p = createProvider(config(kind, url), { ...deps(), retry: { ...deps().retry, maxAttempts: 1 } });
    const err = await failure(collect(p.chat(ROOT, { model: 'solver' })));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).reason).toBe('unreachable');
    expect(err.userMessage).toContain(url.replace('http://', ''));
    if (kind === 'ollama') expect(err.userMessage).toContain('ollama serve');
    await expect(p.listModels()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('stops promptly when aborted mid-stream', async () => {
    const ac = new AbortController();
    const seen: ChatPart[] = [];
    const t0 = Date.now();
    const err = await failure(
      (async () => {
        for await (const p of make(deps(), slow).chat(ROOT, { model: 'solver', signal: ac.signal })) {
          seen.push(p);
          if (seen.length === 2) ac.abort();
        }
      })(),
    );
    expect(err).toBeInstanceOf(AbortedError);
    expect(seen).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('aborts at once while waiting for the first byte', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    const err = await failure(collect(make().chat(ROOT, { model: 'solver@slow5000', signal: ac.signal })));
    expect(err).toBeInstanceOf(AbortedError);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('times out when the first byte takes too long', async () => {
    const p = make({ ...deps(), retry: { ...deps().retry, firstByteTimeoutMs: 150 } });
    const err = await failure(collect(p.chat(ROOT, { model: 'solver@slow3000' })));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe('first-byte');
  });

  it('maps 401 to AuthError and never shows the API key', async () => {
    const err = await failure(collect(make().chat(ROOT, { model: 'solver@401' })));
    expect(err).toBeInstanceOf(AuthError);
    const everything = [err.message, err.userMessage, JSON.stringify(err), JSON.stringify(make())].join(' ');
    expect(everything).not.toContain('SECRETKEY');
  });
});
