/** OLLAMA_ORIGINS only where stock Ollama would refuse the page; the likely causes first where it would not. */
import { describe, expect, it } from 'vitest';
import { ConnectionError } from './errors';
import { connectionAdvice, ollamaTrustsOrigin } from './advice';

/** The backticked spans: what AdviceText shows as commands with copy buttons. */
const commands = (text: string) => text.split('`').filter((_, i) => i % 2 === 1);

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

describe('a hosted page calling a local Ollama', () => {
  const GH_PAGE = 'https://someone.github.io';

  it('gives the exact OLLAMA_ORIGINS value for its own origin, per OS, each as a copyable command', () => {
    expect(commands(connectionAdvice('ollama', 'http://localhost:11434', 'cors', GH_PAGE))).toEqual([
      'OLLAMA_ORIGINS=https://someone.github.io',
      'sudo systemctl edit ollama',
      'Environment="OLLAMA_ORIGINS=https://someone.github.io"',
      'sudo systemctl restart ollama',
      'launchctl setenv OLLAMA_ORIGINS "https://someone.github.io"',
      'setx OLLAMA_ORIGINS "https://someone.github.io"',
      'OLLAMA_ORIGINS=https://someone.github.io ollama serve',
    ]);
    const loopback = connectionAdvice('ollama', 'http://127.0.0.1:11434', 'cors', 'http://127.0.0.2:4173');
    expect(commands(loopback)[0]).toBe('OLLAMA_ORIGINS=http://127.0.0.2:4173');
    expect(loopback).toContain('refuses requests from this page (http://127.0.0.2:4173)');
  });

  it.each(['unreachable', 'unknown'] as const)('%s: leads with the OLLAMA_ORIGINS fix, then the prompt, then a stopped server', (reason) => {
    const text = connectionAdvice('ollama', 'http://localhost:11434', reason, GH_PAGE);
    expect(text).toMatch(/^Could not reach Ollama at http:\/\/localhost:11434 from this page \(https:\/\/someone\.github\.io\)/);
    expect(text).toContain('refuses this origin');
    const origins = text.indexOf('`OLLAMA_ORIGINS=https://someone.github.io`');
    const lna = text.indexOf('wants to look for and connect to any device on your local network');
    const serve = text.indexOf('`ollama serve`');
    expect(origins).toBeGreaterThan(0);
    expect(lna).toBeGreaterThan(origins);
    expect(serve).toBeGreaterThan(lna);
    expect(text).toContain('Local network access to Allow');
  });

  it('says what a blocked request looks like, and skips the Local Network Access prompt where it cannot apply', () => {
    const refused = connectionAdvice('ollama', 'http://localhost:11434', 'cors', GH_PAGE);
    expect(refused).toContain('403 Forbidden without CORS headers');
    expect(refused).toContain('"Failed to fetch"');
    // The no-cors probe got through, so the browser did not block the request.
    expect(refused).not.toContain('local network');
    // A page on another loopback address is not a public page: Chrome does not prompt.
    expect(connectionAdvice('ollama', 'http://localhost:11434', 'unreachable', 'http://127.0.0.2:4173')).not.toContain('local network');
  });
});
