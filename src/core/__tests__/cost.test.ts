import { describe, expect, it } from 'vitest';
import { addCost, callCost, DEFAULT_PRICES, isPrivateHost, zeroCost } from '../cost';

const u = { inputTokens: 1_000_000, outputTokens: 500_000, estimated: false };

describe('callCost', () => {
  it('prices cloud models from the table, including dated and prefixed names', () => {
    expect(callCost('openai', 'gpt-4o-mini', u, DEFAULT_PRICES)).toBeCloseTo(0.45);
    expect(callCost('openai', 'gpt-4o-mini-2024-07-18', u, DEFAULT_PRICES)).toBeCloseTo(0.45);
    expect(callCost('openai', 'openai/gpt-4o', u, DEFAULT_PRICES)).toBeCloseTo(7.5);
  });
  it('local Ollama models are free; unknown prices stay unknown', () => {
    expect(callCost('ollama', 'qwen3:4b', u, DEFAULT_PRICES)).toBe(0);
    expect(callCost('ollama', 'glm-5:cloud', u, DEFAULT_PRICES)).toBeNull();
    expect(callCost('openai', 'mystery', u, DEFAULT_PRICES)).toBeNull();
  });
  it('OpenAI-compatible servers on this machine or the LAN are free unless the table names the model', () => {
    for (const url of [
      'http://localhost:8000/v1',
      'http://127.0.0.1:8080/v1',
      'http://10.0.0.5:8000/v1',
      'http://192.168.1.20:1234/v1',
      'http://172.16.0.2/v1',
      'http://172.31.255.1/v1',
      'http://gpu-box.local:8000/v1',
      'http://[::1]:8000/v1',
      'http://[fd12:3456::1]:8000/v1',
    ]) {
      expect(callCost('openai', 'Qwen/Qwen3-8B', u, DEFAULT_PRICES, url), url).toBe(0);
    }
    // A local proxy in front of a paid API: the price entry wins.
    expect(callCost('openai', 'gpt-4o-mini', u, DEFAULT_PRICES, 'http://localhost:4000/v1')).toBeCloseTo(0.45);
    expect(callCost('openai', 'my-finetune', u, { 'my-finetune': { input: 1, output: 2 } }, 'http://10.1.2.3/v1')).toBeCloseTo(2);
  });
  it('public hosts stay unknown, however they look', () => {
    for (const url of ['https://api.together.xyz/v1', 'http://172.32.0.1/v1', 'http://11.0.0.1/v1', 'http://192.169.0.1/v1', 'https://local.example.com/v1', 'http://localhost.example.com/v1', 'not a url']) {
      expect(callCost('openai', 'Qwen/Qwen3-8B', u, DEFAULT_PRICES, url), url).toBeNull();
    }
    expect(callCost('openai', 'Qwen/Qwen3-8B', u, DEFAULT_PRICES)).toBeNull();
    // Anthropic behind a local address is a proxy to a billed service.
    expect(callCost('anthropic', 'mystery', u, DEFAULT_PRICES, 'http://127.0.0.1:8000')).toBeNull();
    expect(isPrivateHost('192.168.0.1:8000')).toBe(true);
  });
  it('a run total over local calls stays complete', () => {
    const local = callCost('openai', 'llama', u, DEFAULT_PRICES, 'http://127.0.0.1:8080/v1');
    expect(addCost(addCost(zeroCost(), local), local)).toEqual({ usd: 0, complete: true });
  });
  it('a sum with an unknown part is a lower bound', () => {
    const s = addCost(addCost(zeroCost(), 0.5), null);
    expect(s).toEqual({ usd: 0.5, complete: false });
  });
});
