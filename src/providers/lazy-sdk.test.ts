import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import { ProviderError } from './errors';
import { lazySdk } from './lazy-sdk';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await createFakeLlmServer({ chunkDelayMs: 0 });
});
afterAll(() => server.close());
afterEach(() => {
  vi.doUnmock('openai');
  vi.doUnmock('@anthropic-ai/sdk');
  vi.doUnmock('ollama/browser');
  vi.resetModules();
});

const SDKS = ['openai', '@anthropic-ai/sdk', 'ollama/browser'] as const;

/** Fresh module graph in which each SDK records when it is evaluated. */
async function freshProviders(loaded: string[]) {
  vi.resetModules();
  for (const id of SDKS) {
    vi.doMock(id, async (importOriginal) => {
      loaded.push(id);
      return importOriginal();
    });
  }
  return import('./index');
}

describe('SDKs load on first use', () => {
  it('building providers loads no SDK; the first call loads only its own', async () => {
    const loaded: string[] = [];
    const { createProvider } = await freshProviders(loaded);
    const ollama = createProvider({ kind: 'ollama', host: server.url });
    const openai = createProvider({ kind: 'openai', preset: 'vllm', baseURL: `${server.url}/v1` });
    createProvider({ kind: 'anthropic', apiKey: 'sk-ant-x', baseURL: server.url });
    expect(loaded).toEqual([]);

    const models = await openai.listModels();
    expect(models.some((m) => m.name === 'solver')).toBe(true);
    expect(loaded).toEqual(['openai']);

    await ollama.listModels();
    expect(loaded).toEqual(['openai', 'ollama/browser']);
  });
});

describe('lazySdk', () => {
  it('turns a failed load into a ProviderError that says what to do, and tries again next time', async () => {
    let calls = 0;
    const load = lazySdk('the Test client', async () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { ok: true };
    });
    const to = { kind: 'openai' as const, endpoint: 'http://127.0.0.1:1' };
    const err = await load(to).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).retryable).toBe(false);
    expect((err as ProviderError).userMessage).toMatch(/Could not load the Test client .*reload the page/);
    expect(await load(to)).toEqual({ ok: true });
    expect(await load(to)).toEqual({ ok: true });
    expect(calls).toBe(2);
  });
});
