/** `serve` called with the real openai client: list, non-streaming, streaming with usage, abort, 429 and retry. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../../tools/fake-llm/server';
import { serve, type RunningServer } from './server';
import { toRlmRequest } from './messages';

let fake: FakeLlmServer;
let server: RunningServer;
const log: string[] = [];
const doc = Array.from({ length: 400 }, (_, i) => (i === 211 ? 'The secret number is 31337' : `filler line ${i} lorem ipsum dolor`)).join('\n');
const ask = [{ role: 'user' as const, content: doc }, { role: 'user' as const, content: 'What is the secret number?' }];

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
  server = await serve({ rlm: { model: 'solver', host: fake.url, sandboxes: 1 }, port: 0, keepAliveS: 0.2, retryAfterS: 1, log: (l) => log.push(l) });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

// No retries unless a test asks: a 429 must not hide behind the client's own retry.
const client = (o: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0, ...o });

describe('rlm-studio serve', { timeout: 240_000 }, () => {
  it('lists the model and answers without streaming; the long message is context, not prompt', async () => {
    const c = client();
    expect((await c.models.list()).data.map((m) => m.id)).toEqual(['solver']);
    const r = await c.chat.completions.create({ model: 'solver', messages: ask });
    expect(r.choices[0].message.content).toBe('31337');
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.usage!.total_tokens).toBeGreaterThan(0);
    // The 400-line document never went to the model: its prompts are a fraction of the document's size.
    expect(r.usage!.prompt_tokens * 4).toBeLessThan(doc.length);
    // The next request, sent the moment the answer arrives, finds the sandbox free (it once got a 429).
    expect((await c.chat.completions.create({ model: 'solver', messages: ask })).choices[0].message.content).toBe('31337');
  });

  it('streams keep-alive comments while it works, then the answer and usage in the final chunk', async () => {
    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'solver@lat300', messages: ask, stream: true, stream_options: { include_usage: true } }),
    });
    const text = await raw.text();
    expect(text).toMatch(/^: rlm run started\n\n(: keep-alive\n\n)+data: /);
    const chunks = [];
    for await (const ch of await client().chat.completions.create({ model: 'solver', messages: ask, stream: true, stream_options: { include_usage: true } })) chunks.push(ch);
    expect(chunks.map((ch) => ch.choices[0]?.delta?.content ?? '').join('')).toBe('31337');
    expect(chunks.at(-1)!.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('a client that goes away stops its run and frees the sandbox', async () => {
    const ctrl = new AbortController();
    const p = client({ maxRetries: 0 }).chat.completions.create({ model: 'solver@slow1500', messages: ask }, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 2500);
    await expect(p).rejects.toThrow(/abort/i);
    await expect.poll(() => log.some((l) => / solver@slow1500 stopped /.test(l)), { timeout: 20_000 }).toBe(true);
    const r = await client().chat.completions.create({ model: 'solver', messages: ask });
    expect(r.choices[0].message.content).toBe('31337');
  });

  it('a full pool answers 429 with Retry-After; the client retries and gets its answer', async () => {
    const slow = client().chat.completions.create({ model: 'solver@slow700', messages: ask });
    await expect.poll(() => fake.stats.inFlight, { timeout: 60_000 }).toBeGreaterThan(0);
    const refused = await client({ maxRetries: 0 }).chat.completions.create({ model: 'solver', messages: ask }).catch((e) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const retried = await client({ maxRetries: 8 }).chat.completions.create({ model: 'solver', messages: ask });
    expect(retried.choices[0].message.content).toBe('31337');
    expect((await slow).choices[0].message.content).toBe('31337');
  });
});

describe('OpenAI messages → an RLM question', () => {
  it('long content is context, the last user message the question, earlier short turns history', () => {
    const long = 'x'.repeat(3000);
    const r = toRlmRequest([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: long },
      { role: 'user', content: [{ type: 'text', text: 'Look at this:' }, { type: 'text', text: 'What is it?' }] },
    ]);
    expect(r.question).toBe('Look at this:\nWhat is it?');
    expect(r.contexts.map((c) => c.content)).toEqual([long]);
    expect(r.history).toEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
    const one = toRlmRequest([{ role: 'user', content: `${long}\n\nHow long is it?` }]);
    expect(one).toMatchObject({ question: 'How long is it?', contexts: [{ content: long }] });
    expect(() => toRlmRequest([{ role: 'assistant', content: 'x' }])).toThrow(/no user message/);
  });
});
