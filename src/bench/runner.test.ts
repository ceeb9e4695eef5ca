/**
 * Trials end to end: the real engine, the real Pyodide sandbox (a Node worker thread, as the sandbox tests use),
 * the real Ollama provider against the fake LLM server in this process.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProvider } from '../providers';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import { SandboxClient } from '../sandbox/client';
import { nodeWorkerTransport } from '../sandbox/node-host';
import { SandboxPool } from '../sandbox/pool';
import { expandMatrix } from './matrix';
import { caseFor } from './cases';
import { runTrial, type TrialDeps } from './runner';
import { scoreAnswer } from './score';
import type { BenchConfig, BenchMethod, TrialSpec } from './types';

let fake: FakeLlmServer;
let pool: SandboxPool<SandboxClient>;
beforeAll(async () => {
  fake = await createFakeLlmServer({ latencyMs: 0, chunkDelayMs: 0 });
  pool = new SandboxPool(() => new SandboxClient(nodeWorkerTransport), 2);
});
afterAll(async () => {
  pool.dispose();
  await fake.close();
});

const config = (model: string, methods: BenchMethod[], lines = 10_000): BenchConfig => ({
  tasks: ['niah'], lines: [lines], sizes: [], position: 'random', trials: 1, seed: 42, methods,
  models: [{ provider: 'ollama', model, hosts: [fake.url] }], perHost: 1, engine: { maxIterations: 6 },
});

let ids = 0;
async function trial(cfg: BenchConfig, spec: TrialSpec, host = fake.url) {
  const provider = createProvider({ kind: 'ollama', host }, { retry: { maxAttempts: 1, maxConnectionAttempts: 1 } });
  const sandbox = spec.method === 'vanilla' ? null : await pool.acquire();
  const deps: TrialDeps = {
    benchId: 'b1', host, provider, sandbox, makeCase: caseFor, score: scoreAnswer, price: () => 0,
    signal: new AbortController().signal, now: () => Date.now(), newId: () => `id${++ids}`,
  };
  try {
    return await runTrial(spec, cfg, deps);
  } finally {
    if (sandbox) await pool.release(sandbox);
  }
}

describe('runTrial', () => {
  test('rlm: NIAH 10,000 lines through the engine and sandbox, scored, counted, events without tokens', async () => {
    const cfg = config('niah2', ['rlm']);
    const [spec] = expandMatrix(cfg);
    const r = await trial(cfg, spec);
    expect(r, r.error).toMatchObject({ status: 'ok', key: 'niah|10000|0|rlm|0', iterations: 2, expected: caseFor(spec, cfg).expected });
    expect(r.answer).toContain(r.expected);
    expect(r.score).toMatchObject({ correct: true, score: 1 });
    expect(r.tokensIn).toBeGreaterThan(0);
    expect(r.tokensOut).toBeGreaterThan(0);
    expect(r.costUsd).toBe(0);
    expect(r.events.some((e) => e.type === 'token')).toBe(false);
    expect(r.events.filter((e) => e.type === 'code-finished')).toHaveLength(1);
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'done' });
  });

  test('each trial gets a clean namespace: a variable one trial set is gone in the next', async () => {
    const sb = await pool.acquire();
    await sb.exec('leak = 1', { timeoutMs: 5000, onSubcall: async () => '' });
    await pool.release(sb);
    const again = await pool.acquire();
    expect(again).toBe(sb);
    expect(await again.getVar('leak')).toBeNull();
    await pool.release(again);
  });

  test('rlm-no-sub: the sub-call the solver makes is refused with a readable error, nothing reaches the sub model', async () => {
    const cfg = config('solver', ['rlm-no-sub'], 200);
    const before = fake.stats.models.solver ?? 0;
    const r = await trial(cfg, expandMatrix(cfg)[0]);
    expect(r.status, r.error).toBe('ok');
    const refused = r.events.filter((e) => e.type === 'subcall-finished');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.type === 'subcall-finished' && /sub-calls are disabled/.test(e.error ?? ''))).toBe(true);
    expect(r.subcalls).toBe(0);
    // Only root calls reached the server: one per iteration (the forced answer included).
    expect((fake.stats.models.solver ?? 0) - before).toBe(r.iterations);
    const first = r.events.find((e) => e.type === 'iteration-started');
    expect(JSON.stringify(first)).toMatch(/In this run sub-calls are disabled/);
  });

  test('vanilla: a prompt past the window is exceeds-context and never sent; one that fits is one call', async () => {
    const big = config('niah2', ['vanilla']);
    const before = fake.stats.models.niah2 ?? 0;
    const r = await trial(big, expandMatrix(big)[0]);
    expect(r).toMatchObject({ status: 'exceeds-context', score: null, answer: null, tokensIn: 0 });
    expect(r.error).toMatch(/window is 40,960 tokens/);
    expect(fake.stats.models.niah2 ?? 0).toBe(before);
    const small = config('niah2', ['vanilla'], 100);
    const ok = await trial(small, expandMatrix(small)[0]);
    expect(ok.status, ok.error).toBe('ok');
    expect(ok.iterations).toBe(1);
    expect(ok.tokensIn).toBeGreaterThan(100 * 4);
    expect(ok.score).not.toBeNull();
    // The record says what was sent without holding the context itself.
    const sent = JSON.stringify(ok.events.find((e) => e.type === 'iteration-started'));
    expect(sent).toMatch(/the context: [\d,]+ characters, not stored/);
    expect(sent).not.toContain(caseFor(expandMatrix(small)[0], small).context.slice(0, 200));
  });

  test('vanilla: a server that refuses the prompt as too long (window unknown beforehand) is exceeds-context too', async () => {
    const cfg = config('niah2@ctx', ['vanilla'], 100);
    const r = await trial(cfg, expandMatrix(cfg)[0]);
    expect(r.status).toBe('exceeds-context');
    expect(r.error).toMatch(/refused the prompt as too long/);
  });

  test('a host that is down: status error naming it, no throw', async () => {
    const cfg = config('niah2', ['rlm', 'vanilla'], 100);
    const [rlm, vanilla] = expandMatrix(cfg);
    for (const spec of [rlm, vanilla]) {
      const r = await trial(cfg, spec, 'http://127.0.0.1:9');
      expect(r.status).toBe('error');
      expect(r.error).toMatch(/127\.0\.0\.1:9|connect|reach|fetch/i);
    }
  });

  test('a model answering HTTP 500: status error with the server message', async () => {
    const cfg = config('niah2@500x99', ['rlm'], 100);
    const r = await trial(cfg, expandMatrix(cfg)[0]);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/500/);
  });
});
