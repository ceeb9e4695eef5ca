/** OLLAMA_ORIGINS only where stock Ollama would refuse the page; the likely causes first where it would not. */
import { describe, expect, it } from 'vitest';
import { ConnectionError } from './errors';
import { connectionAdvice, ollamaTrustsOrigin } from './advice';

const LOCAL_PAGE = 'http://localhost:5173';
const LAN_PAGE = 'http://192.168.1.20:5173';
const HOSTED_PAGE = 'https://rlm.example';

describe('ollamaTrustsOrigin (Ollama default origins)', () => {
  it.each([
    ['http://localhost:5173', true],
    ['http://127.0.0.1:4173', true],
    ['https://localhost', true],
    ['http://0.0.0.0:8080', true],
    ['http://127.0.0.2:5173', false],
    ['http://[::1]:5173', false],
    ['http://app.localhost:5173', false],
    ['http://192.168.1.20:5173', false],
    ['https://rlm.example', false],
    [undefined, false],
  ])('%s → %s', (origin, trusted) => expect(ollamaTrustsOrigin(origin)).toBe(trusted));
});

describe('connection advice for Ollama', () => {
  it('a localhost page is never told to set OLLAMA_ORIGINS; the likely causes come first', () => {
    for (const reason of ['unreachable', 'unknown', 'cors'] as const) {
      const text = connectionAdvice('ollama', 'http://localhost:11434', reason, LOCAL_PAGE);
      expect(text, reason).not.toContain('OLLAMA_ORIGINS');
      expect(text, reason).toContain('http://localhost:11434');
    }
    const down = connectionAdvice('ollama', 'http://localhost:11434', 'unreachable', LOCAL_PAGE);
    expect(down.indexOf('`ollama serve`')).toBeGreaterThan(0);
    expect(down).toContain('another port');
    const refused = connectionAdvice('ollama', 'http://127.0.0.1:11500', 'cors', 'http://127.0.0.1:4173');
    expect(refused).toContain('refuses requests from this page (CORS)');
    expect(refused).toContain('`curl http://127.0.0.1:11500/api/version`');
  });

  it('a localhost page reaching another machine hears about OLLAMA_HOST there, not OLLAMA_ORIGINS', () => {
    const text = connectionAdvice('ollama', 'http://gpu-box:11434', 'unreachable', LOCAL_PAGE);
    expect(text).toContain('`OLLAMA_HOST=0.0.0.0 ollama serve`');
    expect(text).not.toContain('OLLAMA_ORIGINS');
  });

  it.each([LAN_PAGE, HOSTED_PAGE])('a page at %s gets the OLLAMA_ORIGINS recipe for its own origin', (origin) => {
    for (const reason of ['unreachable', 'unknown', 'cors'] as const) {
      const text = connectionAdvice('ollama', 'http://localhost:11434', reason, origin);
      expect(text, reason).toContain(`Environment="OLLAMA_ORIGINS=${origin}"`);
      expect(text, reason).toContain(`setx OLLAMA_ORIGINS "${origin}"`);
    }
  });

  it('an unknown origin (outside a browser) keeps the recipe, and other providers are unchanged', () => {
    expect(new ConnectionError({ provider: 'ollama', endpoint: 'http://localhost:11434', reason: 'cors' }).userMessage).toContain('OLLAMA_ORIGINS');
    const openai = connectionAdvice('openai', 'http://localhost:8000/v1', 'cors', LOCAL_PAGE, 'start vLLM with --allowed-origins');
    expect(openai).toContain('CORS headers allowing http://localhost:5173 (start vLLM with --allowed-origins)');
  });
});
