import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import type { ChatMessage, ChatPart } from '../core/types';
import { OllamaProvider } from './ollama';

const ROOT: ChatMessage[] = [
  { role: 'system', content: 'You have a REPL with `context`.' },
  { role: 'user', content: 'Answer the following: What is 2 + 2?\n\nctx' },
];

let server: FakeLlmServer;
beforeAll(async () => {
  server = await createFakeLlmServer({ chunkDelayMs: 0 });
});
afterAll(() => server.close());

async function collect(it: AsyncIterable<ChatPart>): Promise<ChatPart[]> {
  const out: ChatPart[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('Ollama specifics', () => {
  it('sends num_ctx 131072 (capped to the model’s window) and temperature 0.6 by default, or what was asked', async () => {
    const p = new OllamaProvider({ host: server.url });
    await collect(p.chat(ROOT, { model: 'solver', think: 'off' }));
    // The fake's models report context_length 40960 in /api/show.
    expect(server.stats.lastParams.solver).toMatchObject({ think: false, options: { num_ctx: 40960, temperature: 0.6 } });
    const unknownWindow = new OllamaProvider({ host: server.url, fetch: (u, i) => (String(u).endsWith('/api/show') ? Promise.resolve(new Response('{}', { status: 500 })) : fetch(u, i)) });
    await collect(unknownWindow.chat(ROOT, { model: 'solver', think: 'off' }));
    expect(server.stats.lastParams.solver).toMatchObject({ options: { num_ctx: 131072 } });
    await collect(p.chat(ROOT, { model: 'solver', numCtx: 8192, temperature: 0, maxTokens: 100 }));
    expect(server.stats.lastParams.solver).toMatchObject({ options: { num_ctx: 8192, temperature: 0, num_predict: 100 } });
  });

  it('think auto turns thinking on only for models that support it', async () => {
    const p = new OllamaProvider({ host: server.url });
    const parts = await collect(p.chat(ROOT, { model: 'solver-think', think: 'auto' }));
    expect(server.stats.lastParams['solver-think'].think).toBe(true);
    expect(parts.some((x) => x.type === 'thinking')).toBe(true);
    await collect(p.chat(ROOT, { model: 'solver', think: 'auto' }));
    expect(server.stats.lastParams.solver.think).toBeUndefined();
    const off = await collect(p.chat(ROOT, { model: 'solver-think', think: 'off' }));
    expect(off.some((x) => x.type === 'thinking')).toBe(false);
  });

  it('asks /api/show once per model and reports details in the list', async () => {
    const p = new OllamaProvider({ host: server.url });
    server.resetStats();
    expect(await p.describeModel('qwen3:4b')).toEqual({ name: 'qwen3:4b', details: '4.0B · qwen3 · Q4_K_M', supportsThinking: true, contextLength: 40960 });
    await collect(p.chat(ROOT, { model: 'qwen3:4b' }));
    await collect(p.chat(ROOT, { model: 'qwen3:4b' }));
    expect(server.stats.requests['POST /api/show']).toBe(1);
    const listed = (await p.listModels()).find((m) => m.name === 'qwen3:4b');
    expect(listed).toMatchObject({ supportsThinking: true, details: '4.0B · qwen3 · Q4_K_M · 2.5 GB' });
    expect((await p.listModels()).find((m) => m.name === 'solver')?.supportsThinking).toBeUndefined();
  });

  it('refuses a prompt that cannot fit num_ctx instead of letting Ollama cut it silently', async () => {
    const p = new OllamaProvider({ host: server.url });
    server.resetStats();
    const big: ChatMessage[] = [...ROOT, { role: 'user', content: 'x'.repeat(5 * 2048 + 50) }];
    const err = await collect(p.chat(big, { model: 'solver', numCtx: 2048 })).catch((e) => e);
    expect(err.name).toBe('ContextLengthError');
    expect(err.userMessage).toMatch(/context window of 2,048 tokens \(num_ctx\).*allows up to 40,960/);
    expect(server.stats.requests['POST /api/chat']).toBeUndefined();
    // Past the model's own window nothing helps but another model.
    const err2 = await collect(p.chat(big, { model: 'solver', numCtx: 1024 * 1024 })).catch((e) => e);
    expect(err2).toBeInstanceOf(Array);
  });

  it('pulls a missing model with progress over all layers, then serves it', async () => {
    const p = new OllamaProvider({ host: server.url });
    server.resetStats();
    const seen: { status: string; completed: number; total: number }[] = [];
    await p.pull('llama3.2:1b', (x) => seen.push(x));
    expect(seen[0].status).toBe('pulling manifest');
    expect(seen.some((x) => x.total > 0 && x.completed > 0 && x.completed < x.total)).toBe(true);
    expect(seen.at(-1)?.status).toBe('success');
    expect((await p.listModels()).map((m) => m.name)).toContain('llama3.2:1b');
    const err = await p.pull('nosuch-model', () => undefined).catch((e) => e);
    expect(err.userMessage).toMatch(/Could not pull 'nosuch-model'.*no model named 'nosuch-model'/);
    const ac = new AbortController();
    const pending = p.pull('qwen3:14b', () => ac.abort(), ac.signal);
    await expect(pending).rejects.toMatchObject({ name: 'AbortedError' });
    const dead = await new OllamaProvider({ host: 'http://127.0.0.1:9' }).pull('x', () => undefined).catch((e) => e);
    expect(dead.name).toBe('ConnectionError');
  });
});
