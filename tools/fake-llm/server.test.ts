import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OLLAMA_DEFAULT_ORIGINS, parseAllowedOrigins } from './origins';
import { createFakeLlmServer, type FakeLlmServer } from './server';

let server: FakeLlmServer;
const ROOT = [
  { role: 'system', content: 'You have a REPL with `context`.' },
  { role: 'user', content: 'Answer the following: What is 6 * 7?\n\nctx' },
];

beforeAll(async () => {
  server = await createFakeLlmServer({ chunkDelayMs: 1 });
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Ollama API', () => {
  it('lists models with details and answers /api/show with capabilities', async () => {
    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    expect(tags.models.find((m: { name: string }) => m.name === 'solver').details.quantization_level).toBe('Q4_K_M');
    const show = await (await post('/api/show', { model: 'solver-think' })).json();
    expect(show.capabilities).toContain('thinking');
    expect((await post('/api/show', { model: 'nope' })).status).toBe(404);
    expect(await (await fetch(`${server.url}/api/version`)).json()).toHaveProperty('version');
  });

  it('streams NDJSON with thinking and counts, and answers non-streaming', async () => {
    const res = await post('/api/chat', { model: 'solver-think', messages: ROOT, think: true });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.message.thinking)).toBe(true);
    const last = lines[lines.length - 1];
    expect(last.done).toBe(true);
    const promptChars = ROOT.reduce((n, m) => n + m.content.length, 0);
    expect(last.prompt_eval_count).toBe(Math.ceil(promptChars / 4));
    const text = lines.map((l) => l.message.content).join('');
    expect(text).toContain('result = 6 * 7');
    expect(last.eval_count).toBeGreaterThan(10);

    const one = await (await post('/api/chat', { model: 'solver-think', messages: ROOT, stream: false, think: false })).json();
    expect(one.message.thinking).toBeUndefined();
    expect(one.message.content).toBe(text);
  });

  it('404s unknown models like Ollama', async () => {
    const res = await post('/api/chat', { model: 'llama9', messages: ROOT });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "model 'llama9' not found" });
  });
});

describe('OpenAI API', () => {
  it('streams SSE with reasoning and a final usage chunk', async () => {
    const res = await post('/v1/chat/completions', { model: 'solver-think', messages: ROOT, stream: true, stream_options: { include_usage: true } });
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks.some((c) => c.choices[0]?.delta.reasoning_content)).toBe(true);
    expect(chunks[chunks.length - 1].usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('omits usage with @nousage and answers non-streaming', async () => {
    const res = await post('/v1/chat/completions', { model: 'solver@nousage', messages: ROOT, stream: true, stream_options: { include_usage: true } });
    expect(await res.text()).not.toContain('"usage"');
    const one = await (await post('/v1/chat/completions', { model: 'solver', messages: ROOT })).json();
    expect(one.choices[0].message.content).toContain('```repl');
    expect(one.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('lists models and 404s unknown ones with an OpenAI error object', async () => {
    const list = await (await fetch(`${server.url}/v1/models`)).json();
    expect(list.data.map((m: { id: string }) => m.id)).toContain('solver');
    const res = await post('/v1/chat/completions', { model: 'gpt-17', messages: ROOT });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('model_not_found');
  });
});

describe('Anthropic API', () => {
  it('streams the message event sequence with thinking blocks', async () => {
    const body = { model: 'solver-think', system: ROOT[0].content, messages: [ROOT[1]], max_tokens: 4096, stream: true, thinking: { type: 'enabled', budget_tokens: 1024 } };
    const text = await (await post('/v1/messages', body)).text();
    const types = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).toContain('message_delta');
    expect(text).toContain('"thinking_delta"');
    expect(text).toContain('"text_delta"');
    const starts = [...text.matchAll(/"content_block_start","index":(\d)/g)].map((m) => Number(m[1]));
    expect(starts).toEqual([0, 1]);
  });

  it('lists models in the Anthropic shape when asked with anthropic-version', async () => {
    const list = await (await fetch(`${server.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json();
    expect(list.has_more).toBe(false);
    expect(list.data[0].type).toBe('model');
  });
});

describe('faults, CORS and control endpoints', () => {
  it('fails the first request with 429 + Retry-After, then succeeds', async () => {
    const body = { model: 'solver@429', messages: ROOT, stream: false };
    const first = await post('/api/chat', body);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await post('/api/chat', body)).status).toBe(200);
  });

  it('takes faults from the x-fake-fault header too', async () => {
    const res = await post('/v1/chat/completions', { model: 'solver', messages: ROOT }, { 'x-fake-fault': '503' });
    expect(res.status).toBe(503);
  });

  it('cuts the stream midway with @reset', async () => {
    const res = await post('/api/chat', { model: 'solver@resetx9', messages: ROOT });
    await expect(res.text()).rejects.toThrow();
  });

  it('answers preflights with the headers every SDK sends and echoes the origin', async () => {
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-stainless-new-thing, x-api-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const allowed = res.headers.get('access-control-allow-headers')!;
    for (const h of ['authorization', 'x-api-key', 'anthropic-version', 'anthropic-dangerous-direct-browser-access', 'x-stainless-retry-count', 'x-stainless-new-thing']) {
      expect(allowed).toContain(h);
    }
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('drops CORS headers with @nocors', async () => {
    const res = await post('/api/chat', { model: 'solver@nocors', messages: ROOT, stream: false }, { origin: 'http://x.test' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('registers scripts at runtime and counts requests and concurrency', async () => {
    const reg = await (await post('/__script', { model: 'e2e-one', responses: ['hello from script'] })).json();
    expect(reg.model).toBe('scripted:e2e-one');
    await post('/__reset', {});
    const calls = Array.from({ length: 5 }, () => post('/api/chat', { model: 'scripted:e2e-one@lat100', messages: ROOT, stream: false }).then((r) => r.json()));
    const answers = await Promise.all(calls);
    expect(answers[0].message.content).toBe('hello from script');
    const stats = await (await fetch(`${server.url}/__stats`)).json();
    expect(stats.models['scripted:e2e-one@lat100']).toBe(5);
    expect(stats.maxInFlight).toBe(5);
    expect(stats.requests['POST /api/chat']).toBe(5);
  });

  it('streams a paced script step at its own rate, the other steps at the server rate', async () => {
    const slow = 'tok '.repeat(50); // 200 chars: 50 four-char chunks, 10 ms apart → ≥ 490 ms
    await post('/__script', { model: 'paced', responses: [{ content: slow, pace: { chunkChars: 4, delayMs: 10 } }] });
    const t0 = performance.now();
    const lines = (await (await post('/api/chat', { model: 'scripted:paced', messages: ROOT })).text()).trim().split('\n')
      .map((l) => JSON.parse(l));
    const ms = performance.now() - t0;
    const pieces = lines.filter((l) => !l.done).map((l) => l.message.content);
    expect(pieces).toHaveLength(50);
    expect(pieces.every((p) => p === 'tok ')).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(490);
    expect(ms).toBeLessThan(2000);
    // The same text unpaced: the server's few-token chunks 1 ms apart.
    await post('/__script', { model: 'unpaced', responses: [slow] });
    const quick = (await (await post('/api/chat', { model: 'scripted:unpaced', messages: ROOT })).text()).trim().split('\n');
    expect(quick.length).toBeLessThan(30);
  });
});

describe('pulling, @from and the stats tests measure', () => {
  const ndjson = async (res: Response) => (await res.text()).trim().split('\n').map((l) => JSON.parse(l));

  it('streams pull progress, then lists and serves the pulled model; /__reset forgets it', async () => {
    await post('/__reset', {});
    expect((await post('/api/chat', { model: 'qwen3:8b', messages: ROOT, stream: false })).status).toBe(404);
    const lines = await ndjson(await post('/api/pull', { model: 'qwen3:8b', stream: true }));
    expect(lines[0].status).toBe('pulling manifest');
    const layer = lines.filter((l) => l.total);
    expect(layer.length).toBeGreaterThan(5);
    expect(layer[0].completed).toBe(0);
    expect(layer.at(-1).completed).toBe(layer.at(-1).total);
    expect(lines.at(-1)).toEqual({ status: 'success' });
    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    expect(tags.models.map((m: { name: string }) => m.name)).toContain('qwen3:8b');
    const show = await (await post('/api/show', { model: 'qwen3:8b' })).json();
    expect(show.capabilities).toContain('thinking');
    expect((await post('/api/chat', { model: 'qwen3:8b', messages: ROOT, stream: false })).status).toBe(200);
    await post('/__reset', {});
    expect((await post('/api/chat', { model: 'qwen3:8b', messages: ROOT, stream: false })).status).toBe(404);
  });

  it('reports a registry miss as an error line, like Ollama', async () => {
    const lines = await ndjson(await post('/api/pull', { model: 'nosuch-model' }));
    expect(lines.at(-1).error).toMatch(/file does not exist/);
    expect((await post('/api/pull', { model: 'nosuch-model', stream: false })).status).toBe(500);
  });

  it('@from<N> holds a failing fault back until the Nth request', async () => {
    await post('/__reset', {});
    const body = { model: 'solver@500@from3', messages: ROOT, stream: false };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/api/chat', body)).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it('records request times per model and the API keys received', async () => {
    await post('/__reset', {});
    await post('/v1/chat/completions', { model: 'solver', messages: ROOT }, { authorization: 'Bearer sk-fake-1' });
    await post('/v1/messages', { model: 'solver', messages: [ROOT[1]], max_tokens: 100 }, { 'x-api-key': 'sk-ant-fake-2' });
    const stats = await (await fetch(`${server.url}/__stats`)).json();
    expect(stats.credentials).toEqual(['sk-fake-1', 'sk-ant-fake-2']);
    expect(stats.times.solver).toHaveLength(2);
    expect(stats.times.solver[1]).toBeGreaterThanOrEqual(stats.times.solver[0]);
  });

  it('echoes the key in an OpenAI 401, so redaction can be tested', async () => {
    const res = await post('/v1/chat/completions', { model: 'solver@401', messages: ROOT }, { authorization: 'Bearer sk-echo-me' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('sk-echo-me');
  });
});

describe('batcher20', () => {
  const SUB = [{ role: 'user', content: 'The secret number is 77. Reply with only the number.' }];
  const chat = (messages: unknown) => post('/api/chat', { model: 'batcher20', messages, stream: false }).then((r) => r.json());

  it('asks for 20 parts through llm_query_batched', async () => {
    const root = await chat(ROOT);
    expect(root.message.content).toContain('llm_query_batched(prompts)');
    expect(root.message.content).toContain('-(-len(lines) // 20)');
  });

  it('answers its sub-calls after a delay, all 20 in flight together, and its root calls at once', async () => {
    await post('/__reset', {});
    const t0 = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => chat(SUB)));
    const ms = Date.now() - t0;
    expect(answers.map((a) => a.message.content)).toEqual(Array(20).fill('77'));
    const stats = await (await fetch(`${server.url}/__stats`)).json();
    expect(stats.maxInFlight).toBe(20);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(4 * 400); // in parallel, not one after another (20 × 400 ms)
    const r0 = Date.now();
    await chat(ROOT);
    expect(Date.now() - r0).toBeLessThan(400);
  });
});

describe('refusing origins the way Ollama does', () => {
  it('parses --allowed-origins: `ollama` is its defaults, `*` or nothing allows all', () => {
    expect(parseAllowedOrigins(undefined)).toBeUndefined();
    expect(parseAllowedOrigins('*')).toBeUndefined();
    expect(parseAllowedOrigins('ollama, https://x.example')).toEqual([...OLLAMA_DEFAULT_ORIGINS, 'https://x.example']);
  });

  it('answers a disallowed origin with a bare 403, preflight or not; localhost, no Origin and listed origins pass', async () => {
    const strict = await createFakeLlmServer({ allowedOrigins: parseAllowedOrigins('ollama,https://someone.github.io') });
    try {
      const get = (origin?: string) => fetch(`${strict.url}/api/tags`, { headers: origin ? { origin } : {} });
      const refused = await get('http://127.0.0.2:4173');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${strict.url}/api/chat`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      for (const ok of ['http://localhost:5173', 'http://127.0.0.1', 'https://0.0.0.0:8443', 'app://obsidian.md', 'https://someone.github.io']) {
        const res = await get(ok);
        expect(res.status, ok).toBe(200);
        expect(res.headers.get('access-control-allow-origin'), ok).toBe(ok);
      }
      expect((await get()).status).toBe(200);
      expect(strict.stats.refusedOrigins).toEqual(['http://127.0.0.2:4173', 'https://evil.example']);
    } finally {
      await strict.close();
    }
  });
});
