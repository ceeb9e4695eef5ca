/** Several Ollama hosts behind one provider, the per-call timeout, and Ollama's cloud-model refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import type { ChatMessage, ChatPart } from '../core/types';
import { canPull, createProvider, describeEndpoint } from './index';
import { fromStatus } from './map-error';

const ROOT: ChatMessage[] = [
  { role: 'system', content: 'You have a REPL with `context`.' },
  { role: 'user', content: 'Answer the following: What is 2 + 2?\n\nctx' },
];

let main: FakeLlmServer;
let gpu: FakeLlmServer;
beforeAll(async () => {
  [main, gpu] = await Promise.all([createFakeLlmServer({ chunkDelayMs: 0 }), createFakeLlmServer({ chunkDelayMs: 0 })]);
});
afterAll(() => Promise.all([main.close(), gpu.close()]));

async function drain(it: AsyncIterable<ChatPart>): Promise<ChatPart[]> {
  const out: ChatPart[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('Ollama on several hosts', () => {
  it('sends each model to the host it was picked from, the rest to the main host', async () => {
    const p = createProvider({ kind: 'ollama', host: main.url, modelHosts: { 'solver-think': gpu.url } });
    expect(p.endpoint).toBe(main.url);
    await drain(p.chat(ROOT, { model: 'solver-think' }));
    await drain(p.chat(ROOT, { model: 'solver' }));
    expect(gpu.stats.models).toEqual({ 'solver-think': 1 });
    expect(main.stats.models).toEqual({ solver: 1 });
    // /api/show for the routed model went to its own host too.
    expect(gpu.stats.requests['POST /api/show']).toBe(1);
    expect(canPull(p)).toBe(true);
    expect((await p.describeModel!('solver-think')).supportsThinking).toBe(true);
  });

  it('names every host the data goes to, without credentials', () => {
    const d = describeEndpoint({ kind: 'ollama', host: 'http://localhost:11434', modelHosts: { big: 'https://me:pw@gpu.lan:11434' } });
    expect(d.host).toBe('localhost:11434 and gpu.lan:11434');
    expect(d.local).toBe(false);
    expect(d.notice).toContain('outside this machine');
    expect(JSON.stringify(d)).not.toContain('pw@');
  });
});

describe('per-call timeout', () => {
  it('replaces the first-byte wait, so a slow server fails the call in time and is not retried', async () => {
    main.resetStats();
    const p = createProvider({ kind: 'openai', preset: 'custom', baseURL: `${main.url}/v1`, callTimeoutMs: 1000 });
    const t0 = Date.now();
    const err = await drain(p.chat(ROOT, { model: 'solver@slow4000' })).catch((e) => e);
    expect(err.name).toBe('TimeoutError');
    expect(err.userMessage).toContain('did not answer within 1 s');
    // Well under the server's 4 s; the margin is for a loaded CI machine, not for a retry (that would take 2 s more).
    expect(Date.now() - t0).toBeLessThan(2900);
    // Not retried: one request reached the server, and no second one follows.
    await new Promise((r) => setTimeout(r, 500));
    expect(main.stats.models['solver@slow4000']).toBe(1);
    const patient = createProvider({ kind: 'openai', preset: 'custom', baseURL: `${main.url}/v1`, callTimeoutMs: 5000 });
    expect((await drain(patient.chat(ROOT, { model: 'solver@slow500' }))).at(-1)?.type).toBe('done');
  });
});

describe('Ollama refusing a cloud model', () => {
  it('says to sign in, not to check a key Ollama does not have', () => {
    const e = fromStatus(401, 'unauthorized', { provider: 'ollama', endpoint: 'http://localhost:11434', model: 'gpt-oss:120b-cloud' });
    expect(e.code).toBe('auth');
    expect(e.userMessage).toContain('ollama signin');
    expect(e.userMessage).toContain("'gpt-oss:120b-cloud'");
  });
});
