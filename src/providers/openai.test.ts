import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import type { ChatMessage, ChatPart } from '../core/types';
import { acceptsTemperature, OpenAIProvider } from './openai';

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

describe('OpenAI-compatible specifics', () => {
  it('splits <think> sections out of content from servers without a reasoning parser', async () => {
    server.scripts.register('think-tags', ['<think>private plan ```repl\nprint(1)\n```</think>\n```repl\nprint(2)\n```']);
    const p = new OpenAIProvider({ preset: 'llamacpp', baseURL: `${server.url}/v1` });
    const parts = await collect(p.chat(ROOT, { model: 'scripted:think-tags' }));
    const join = (k: string) => parts.map((x) => (x.type === k && 'text' in x ? x.text : '')).join('');
    expect(join('thinking')).toContain('print(1)');
    expect(join('text')).toBe('```repl\nprint(2)\n```');
  });

  it('sends the preset’s think switch and token-limit field', async () => {
    const vllm = new OpenAIProvider({ preset: 'vllm', baseURL: `${server.url}/v1` });
    const parts = await collect(vllm.chat(ROOT, { model: 'solver-think', think: 'off', maxTokens: 50 }));
    expect(server.stats.lastParams['solver-think']).toMatchObject({ chat_template_kwargs: { enable_thinking: false }, max_tokens: 50 });
    expect(parts.some((x) => x.type === 'thinking')).toBe(false);
    const openai = new OpenAIProvider({ preset: 'openai', baseURL: `${server.url}/v1`, apiKey: 'sk-x' });
    await collect(openai.chat(ROOT, { model: 'solver', maxTokens: 50, temperature: 0.2 }));
    expect(server.stats.lastParams.solver).toMatchObject({ max_completion_tokens: 50, temperature: 0.2 });
  });

  it('sends temperature to chat models but never to reasoning models', async () => {
    expect(['gpt-4o-mini', 'gpt-4.1', 'gpt-5-chat-latest', 'llama-3.1-8b-instant', 'openai/gpt-4o'].every(acceptsTemperature)).toBe(true);
    expect(['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'openai/o3-mini'].some(acceptsTemperature)).toBe(false);
    const p = new OpenAIProvider({ preset: 'openai', baseURL: `${server.url}/v1`, apiKey: 'sk-x' });
    for (const model of ['gpt-5-mini', 'o4-mini', 'gpt-4o-mini']) await collect(p.chat(ROOT, { model, temperature: 0.6 }));
    expect(server.stats.lastParams['gpt-5-mini'].temperature).toBeUndefined();
    expect(server.stats.lastParams['o4-mini'].temperature).toBeUndefined();
    expect(server.stats.lastParams['gpt-4o-mini'].temperature).toBe(0.6);
  });
});
