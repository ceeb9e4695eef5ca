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
  it('sends num_ctx 131072 and temperature 0.6 by default, or what was asked', async () => {
    const p = new OllamaProvider({ host: server.url });
    await collect(p.chat(ROOT, { model: 'solver', think: 'off' }));
    expect(server.stats.lastParams.solver).toMatchObject({ think: false, options: { num_ctx: 131072, temperature: 0.6 } });
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
    expect(await p.describeModel('qwen3:4b')).toEqual({ name: 'qwen3:4b', supportsThinking: true, contextLength: 40960 });
    await collect(p.chat(ROOT, { model: 'qwen3:4b' }));
    await collect(p.chat(ROOT, { model: 'qwen3:4b' }));
    expect(server.stats.requests['POST /api/show']).toBe(1);
    const listed = (await p.listModels()).find((m) => m.name === 'qwen3:4b');
    expect(listed).toMatchObject({ supportsThinking: true, details: '4.0B · qwen3 · Q4_K_M · 2.5 GB' });
    expect((await p.listModels()).find((m) => m.name === 'solver')?.supportsThinking).toBeUndefined();
  });
});
