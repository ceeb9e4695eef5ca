import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConnectionError,
  ContextLengthError,
  ModelNotFoundError,
  ProviderError,
  RateLimitError,
  ServerError,
  redact,
} from './errors';
import { ollamaOriginsHelp } from './advice';
import { fromStatus, toProviderError } from './map-error';
import { OllamaProvider } from './ollama';

const ctx = { provider: 'openai' as const, endpoint: 'https://api.example/v1', model: 'gpt-x' };
const ORIGIN = 'https://rlm.example';

describe('ollamaOriginsHelp', () => {
  it('gives the exact commands for Linux, macOS and Windows with the page origin', () => {
    const help = ollamaOriginsHelp(ORIGIN);
    expect(help).toContain('sudo systemctl edit ollama');
    expect(help).toContain(`Environment="OLLAMA_ORIGINS=${ORIGIN}"`);
    expect(help).toContain(`launchctl setenv OLLAMA_ORIGINS "${ORIGIN}"`);
    expect(help).toContain(`setx OLLAMA_ORIGINS "${ORIGIN}"`);
  });
});

describe('fromStatus', () => {
  it('maps statuses and messages to classes', () => {
    expect(fromStatus(401, 'bad key', ctx)).toBeInstanceOf(AuthError);
    expect(fromStatus(403, 'forbidden', ctx)).toBeInstanceOf(AuthError);
    expect(fromStatus(404, "model 'gpt-x' not found", ctx)).toBeInstanceOf(ModelNotFoundError);
    expect(fromStatus(400, "This model's maximum context length is 8192 tokens", ctx)).toBeInstanceOf(ContextLengthError);
    expect(fromStatus(413, 'too big', ctx)).toBeInstanceOf(ContextLengthError);
    const busy = fromStatus(529, 'overloaded', ctx);
    expect(busy).toBeInstanceOf(ServerError);
    expect(busy.retryable).toBe(true);
  });

  it('treats an exhausted quota as a final rate-limit error', () => {
    const e = fromStatus(429, 'You exceeded your current quota, please check your plan and billing details.', ctx, 1000);
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.retryable).toBe(false);
    expect(fromStatus(429, 'slow down', ctx, 1000).retryable).toBe(true);
  });

  it('explains a 404 on the API path as a base URL problem', () => {
    const e = fromStatus(404, 'Not Found', ctx);
    expect(e).not.toBeInstanceOf(ModelNotFoundError);
    expect(e.userMessage).toContain('/v1');
  });
});

describe('toProviderError', () => {
  it('keeps API keys out of messages taken from the server', async () => {
    const sdkError = Object.assign(new Error('Incorrect API key provided: sk-live-abcdef123456'), { status: 401 });
    const e = await toProviderError(sdkError, { ...ctx, secrets: ['sk-live-abcdef123456'] });
    expect(e.message + e.userMessage + JSON.stringify(e)).not.toContain('abcdef123456');
    expect(redact('Authorization: Bearer abcdefghijkl')).toBe('Authorization: Bearer [redacted]');
  });

  it('serialises without the cause chain', () => {
    const e = new ProviderError({ ...ctx, cause: { headers: { authorization: 'Bearer x' } } });
    expect(Object.keys(e.toJSON())).not.toContain('cause');
  });
});

describe('telling CORS from a stopped server (browser fetch semantics)', () => {
  /** A page-like fetch: every CORS request fails with the browser's TypeError; `no-cors` gives what `probe` says. */
  const browserFetch = (probe: 'opaque' | 'down'): typeof fetch =>
    (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.mode === 'no-cors' && probe === 'opaque') return { type: 'opaque', ok: false, status: 0 } as Response;
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;

  it('says CORS precisely when the server answers an opaque probe, with OLLAMA_ORIGINS help', async () => {
    const p = new OllamaProvider({ host: 'http://localhost:11434', fetch: browserFetch('opaque'), origin: ORIGIN, retry: { maxAttempts: 3 } });
    const err = (await p.listModels().catch((e) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.reason).toBe('cors');
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toContain('running but refuses requests from this page');
    expect(err.userMessage).toContain(`OLLAMA_ORIGINS=${ORIGIN}`);
  });

  it('says the server is not running when even the probe fails', async () => {
    const p = new OllamaProvider({ host: 'localhost:11434', fetch: browserFetch('down'), origin: ORIGIN, retry: { maxAttempts: 1 } });
    const err = (await p.listModels().catch((e) => e)) as ConnectionError;
    expect(err.reason).toBe('unreachable');
    expect(err.userMessage).toContain('http://localhost:11434');
    expect(err.userMessage).toContain('ollama serve');
  });

  it('gives both explanations when it cannot tell', async () => {
    const e = new ConnectionError({ provider: 'ollama', endpoint: 'http://localhost:11434', reason: 'unknown', origin: ORIGIN });
    expect(e.userMessage).toContain('ollama serve');
    expect(e.userMessage).toContain('CORS');
    expect(e.userMessage).toContain('launchctl');
  });
});
