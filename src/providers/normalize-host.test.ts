/** An Ollama host means what ollama-js (and OLLAMA_HOST) make of it, checked against ollama-js itself. */
import { Ollama } from 'ollama/browser';
import { describe, expect, it } from 'vitest';
import { createProvider, describeEndpoint } from './index';
import { OLLAMA_DEFAULT_HOST } from './ollama';
import { normalizeHost, plausibleHost } from './util';

const ollamaJs = (host: string): string => (new Ollama({ host }) as unknown as { config: { host: string } }).config.host;

describe('normalizeHost (Ollama hosts)', () => {
  it.each([
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    ['gpu-box.local', 'http://gpu-box.local:11434'],
    ['192.168.1.20', 'http://192.168.1.20:11434'],
    ['[::1]', 'http://[::1]:11434'],
    [':11500', 'http://127.0.0.1:11500'],
    ['https://x', 'https://x:443'],
    ['http://x', 'http://x:80'],
    ['https://x:8443/', 'https://x:8443'],
    ['http://proxy.lan/ollama/', 'http://proxy.lan:80/ollama'],
    ['https://me:pw@gpu.lan', 'https://me:pw@gpu.lan:443'],
    ['  localhost:11434  ', 'http://localhost:11434'],
  ])('%s → %s, as ollama-js reads it', (typed, expected) => {
    expect(normalizeHost(typed, OLLAMA_DEFAULT_HOST)).toBe(expected);
    expect(ollamaJs(typed.trim())).toBe(expected);
    // ollama-js formats our result again on every call: it must not move.
    expect(ollamaJs(expected)).toBe(expected);
  });

  it('keeps a typed default port that ollama-js would lose', () => {
    expect(normalizeHost('gpu-box:80', OLLAMA_DEFAULT_HOST)).toBe('http://gpu-box:80');
    expect(ollamaJs('http://gpu-box:80')).toBe('http://gpu-box:80');
  });

  it('falls back for an empty host and keeps unparseable text readable', () => {
    expect(normalizeHost('', OLLAMA_DEFAULT_HOST)).toBe('http://localhost:11434');
    expect(normalizeHost(undefined, OLLAMA_DEFAULT_HOST)).toBe('http://localhost:11434');
    expect(normalizeHost('gpu box', OLLAMA_DEFAULT_HOST)).toBe('http://gpu box');
  });

  it('a bare host reaches port 11434 and is named so in the data notice', () => {
    const p = createProvider({ kind: 'ollama', host: 'gpu-box' });
    expect(p.endpoint).toBe('http://gpu-box:11434');
    expect(describeEndpoint({ kind: 'ollama', host: 'gpu-box' }).host).toBe('gpu-box:11434');
  });
});

describe('plausibleHost (no request for half-typed addresses)', () => {
  it.each(['', 'localhost', 'gpu-box', 'gpu-box:8080', ':11500', 'http://127.0.0.1:11434', 'https://ollama.example.com', 'http://[::1]:11434', 'http://u:p@host:1/x'])('%s is an address', (h) => {
    expect(plausibleHost(h)).toBe(true);
  });
  it.each(['h t', 'http:', 'http:/', 'http://', 'http://127.0.0', 'http://127.0.0.', 'http://127.0.0.1:', 'http://host:99999', 'http://bad_name', 'gpu-box.', 'http://300.1.1.1', 'http', 'https'])('%s is not (yet)', (h) => {
    expect(plausibleHost(h)).toBe(false);
  });
});
