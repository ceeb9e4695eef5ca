import { describe, expect, it } from 'vitest';
import { ThinkTagSplitter } from './think-tags';
import { toAnthropicMessages, thinkingParams } from './anthropic';
import { createProvider, describeEndpoint, OPENAI_PRESETS } from './index';

describe('createProvider', () => {
  it('builds each kind with the right endpoint', () => {
    expect(createProvider({ kind: 'ollama' }).endpoint).toBe('http://localhost:11434');
    expect(createProvider({ kind: 'ollama', host: '127.0.0.1:11435/' }).endpoint).toBe('http://127.0.0.1:11435');
    const groq = createProvider({ kind: 'openai', preset: 'groq', apiKey: 'gsk_secret_value' });
    expect(groq.kind).toBe('openai');
    expect(groq.endpoint).toBe('https://api.groq.com/openai/v1');
    expect(createProvider({ kind: 'openai', preset: 'custom', baseURL: 'http://localhost:8080/v1/' }).endpoint).toBe('http://localhost:8080/v1');
    expect(createProvider({ kind: 'anthropic', apiKey: 'sk-ant-secret' }).endpoint).toBe('https://api.anthropic.com');
  });

  it('does not expose API keys on the provider object', () => {
    const p = createProvider({ kind: 'openai', preset: 'openai', apiKey: 'sk-secret-123456' });
    const a = createProvider({ kind: 'anthropic', apiKey: 'sk-ant-secret-123456' });
    expect(JSON.stringify(p) + JSON.stringify(a)).not.toContain('secret-123456');
    expect(Object.values(p).join(' ')).not.toContain('secret-123456');
  });

  it('keeps URL credentials out of the endpoint and the notice', () => {
    const cfg = { kind: 'ollama', host: 'https://me:hunter2@ollama.example:443' } as const;
    expect(createProvider(cfg).endpoint).toBe('https://ollama.example');
    expect(JSON.stringify(describeEndpoint(cfg))).not.toContain('hunter2');
  });

  it('has every preset our users know', () => {
    for (const id of ['openai', 'together', 'groq', 'fireworks', 'openrouter', 'gemini', 'vllm', 'llamacpp', 'lmstudio', 'custom']) {
      expect(OPENAI_PRESETS).toHaveProperty(id);
    }
    expect(OPENAI_PRESETS.gemini.baseURL).toBe('https://generativelanguage.googleapis.com/v1beta/openai');
  });
});

describe('describeEndpoint', () => {
  it('says whether data leaves the machine', () => {
    const local = describeEndpoint({ kind: 'ollama' });
    expect(local.local).toBe(true);
    expect(local.notice).toContain('on this machine');
    const cloud = describeEndpoint({ kind: 'openai', preset: 'openrouter', apiKey: 'sk-or-secret' });
    expect(cloud).toMatchObject({ local: false, host: 'openrouter.ai', label: 'OpenRouter' });
    expect(cloud.notice).toContain('outside this machine');
    expect(JSON.stringify(cloud)).not.toContain('secret');
  });
});

describe('ThinkTagSplitter', () => {
  it('splits a leading <think> section even when tags straddle chunks', () => {
    const s = new ThinkTagSplitter();
    const out = ['  <thi', 'nk>plan ```repl\nx```', ' more</th', 'ink>\n\nanswer', ' here'].flatMap((c) => s.push(c));
    out.push(...s.flush());
    const join = (k: string) => out.filter((p) => p.type === k).map((p) => p.text).join('');
    expect(join('thinking')).toBe('plan ```repl\nx``` more');
    expect(join('text')).toBe('answer here');
  });

  it('leaves ordinary text alone', () => {
    const s = new ThinkTagSplitter();
    expect([...s.push('Hello <think> is a tag'), ...s.flush()]).toEqual([{ type: 'text', text: 'Hello <think> is a tag' }]);
  });
});

describe('anthropic request shaping', () => {
  it('moves system messages to `system` and merges same-role neighbours', () => {
    const { system, turns } = toAnthropicMessages([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
      { role: 'assistant', content: 'c' },
    ]);
    expect(system).toBe('S');
    expect(turns).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c' },
    ]);
  });

  it('keeps the thinking budget legal and drops temperature when thinking', () => {
    expect(thinkingParams({ model: 'm', think: 'on', maxTokens: 1500, temperature: 0.6 })).toEqual({
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(thinkingParams({ model: 'm', think: 'off', temperature: 0.6 })).toEqual({ max_tokens: 8192, temperature: 0.6 });
  });
});
