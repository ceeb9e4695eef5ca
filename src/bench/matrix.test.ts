import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProvider } from '../providers';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import { expandMatrix, MatrixScheduler, type SchedulerOptions } from './matrix';
import { caseFor } from './cases';
import { failedTrial, runTrial } from './runner';
import { scoreAnswer } from './score';
import type { BenchConfig, BenchModel, TrialResult, TrialSpec } from './types';

const base: BenchConfig = {
  tasks: ['niah', 'sniah'], lines: [100, 1000], sizes: [8000], position: 'middle', trials: 2, seed: 7,
  methods: ['rlm', 'vanilla'], models: [{ provider: 'ollama', model: 'a', hosts: [] }, { provider: 'openai', model: 'b', hosts: [] }],
  perHost: 1, engine: {},
};

describe('expandMatrix', () => {
  test('every cell × trial once, under deterministic keys, trial 0 of every cell first', () => {
    const specs = expandMatrix(base);
    // niah: 2 line counts, sniah: 1 size; × 2 models × 2 methods × 2 trials
    expect(specs).toHaveLength((2 + 1) * 2 * 2 * 2);
    expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
    expect(specs[0].key).toBe('niah|100|0|rlm|0');
    expect(specs.slice(0, 12).every((s) => s.trial === 0)).toBe(true);
    expect(specs.find((s) => s.task === 'sniah')?.size).toBe(8000);
    expect(expandMatrix(structuredClone(base))).toEqual(specs);
  });

  test('custom cases: each case × trials, trial t runs case t mod n', () => {
    const c = (id: string) => ({ task: 'custom' as const, caseId: id, question: 'q', context: 'x', expected: id, scorer: 'exact' as const });
    const cfg: BenchConfig = { ...base, tasks: ['custom'], models: [base.models[0]], methods: ['rlm'], custom: { name: 'mine', cases: [c('p'), c('q'), c('r')] } };
    const specs = expandMatrix(cfg);
    expect(specs.map((s) => s.key)).toEqual([0, 1, 2, 3, 4, 5].map((t) => `custom|0|0|rlm|${t}`));
    expect(specs.map((s) => caseFor(s, cfg).caseId)).toEqual(['p', 'q', 'r', 'p', 'q', 'r']);
  });
});

/** A scheduler whose trials finish when the test says; it records what ran where. */
function controlled(models: BenchModel[], specs: TrialSpec[], o: Partial<SchedulerOptions> = {}) {
  const pending = new Map<string, { finish: () => void; host: string; signal: AbortSignal }>();
  const results: TrialResult[] = [];
  const s = new MatrixScheduler({
    specs, finished: new Set(), models, perHost: 1, slots: 4,
    run: (spec, host, signal) =>
      new Promise<TrialResult>((resolve) => {
        const r = failedTrial('b', spec, host, '', 0);
        pending.set(spec.key, { host, signal, finish: () => resolve({ ...r, status: signal.aborted ? 'stopped' : 'ok' }) });
        signal.addEventListener('abort', () => pending.get(spec.key)?.finish());
      }),
    failed: (spec, host, m) => failedTrial('b', spec, host, m, 0),
    onResult: (r) => {
      pending.delete(r.key);
      results.push(r);
    },
    ...o,
  });
  return { s, pending, results };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const one = (hosts: string[]): BenchConfig => ({ ...base, tasks: ['niah'], lines: [100], trials: 6, methods: ['rlm'], models: [{ provider: 'ollama', model: 'niah2', hosts }] });

describe('MatrixScheduler', () => {
  test('perHost 1 on two hosts: two at once, one per host, the least busy host first', async () => {
    const cfg = one(['h1', 'h2']);
    const { s, pending } = controlled(cfg.models, expandMatrix(cfg));
    const done = s.run();
    await tick();
    expect([...pending.values()].map((p) => p.host).sort()).toEqual(['h1', 'h2']);
    const firstOnH1 = [...pending.values()].find((p) => p.host === 'h1')!;
    firstOnH1.finish();
    await tick();
    expect([...pending.values()].map((p) => p.host).sort()).toEqual(['h1', 'h2']);
    while (pending.size) [...pending.values()][0].finish(), await tick();
    expect(await done).toBe('done');
  });

  test('pause finishes what is in flight and starts nothing; resume skips the finished keys', async () => {
    const cfg = one(['h1']);
    const specs = expandMatrix(cfg);
    const { s, pending, results } = controlled(cfg.models, specs);
    const done = s.run();
    await tick();
    s.pause();
    [...pending.values()][0].finish();
    expect(await done).toBe('paused');
    expect(results.map((r) => r.key)).toEqual([specs[0].key]);
    const again = controlled(cfg.models, specs, { finished: new Set(results.map((r) => r.key)) });
    const resumed = again.s.run();
    while (again.pending.size || again.results.length < 5) {
      await tick();
      [...again.pending.values()][0]?.finish();
    }
    expect(await resumed).toBe('done');
    expect(again.results.map((r) => r.key)).toEqual(specs.slice(1).map((x) => x.key));
  });

  test('cancel aborts the trials in flight', async () => {
    const cfg = one(['h1', 'h2']);
    const { s, pending, results } = controlled(cfg.models, expandMatrix(cfg));
    const done = s.run();
    await tick();
    const signals = [...pending.values()].map((p) => p.signal);
    s.cancel();
    expect(await done).toBe('cancelled');
    expect(signals.every((x) => x.aborted)).toBe(true);
    expect(results.map((r) => r.status)).toEqual(['stopped', 'stopped']);
  });

  test('a trial that throws becomes an error result and the matrix goes on', async () => {
    const cfg = one(['h1']);
    const specs = expandMatrix(cfg);
    const results: TrialResult[] = [];
    let n = 0;
    const s = new MatrixScheduler({
      specs, finished: new Set(), models: cfg.models, perHost: 1, slots: 2,
      run: async (spec, host) => {
        if (n++ === 1) throw new Error('host on fire');
        return { ...failedTrial('b', spec, host, '', 0), status: 'ok' };
      },
      failed: (spec, host, m) => failedTrial('b', spec, host, m, 0),
      onResult: (r) => void results.push(r),
    });
    expect(await s.run()).toBe('done');
    expect(results.map((r) => r.status)).toEqual(['ok', 'error', 'ok', 'ok', 'ok', 'ok']);
    expect(results[1].error).toBe('host on fire');
  });
});

describe('per-host limit against real servers', () => {
  let a: FakeLlmServer;
  let b: FakeLlmServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([createFakeLlmServer({ latencyMs: 40 }), createFakeLlmServer({ latencyMs: 40 })]);
  });
  afterAll(async () => void (await Promise.all([a.close(), b.close()])));

  const statuses: string[] = [];
  const schedule = (cfg: BenchConfig, slots: number) =>
    new MatrixScheduler({
      specs: expandMatrix(cfg), finished: new Set(), models: cfg.models, perHost: cfg.perHost, slots,
      run: (spec, host, signal) =>
        runTrial(spec, cfg, {
          benchId: 'b', host, provider: createProvider({ kind: 'ollama', host }), sandbox: null, makeCase: caseFor,
          score: scoreAnswer, signal, now: () => Date.now(), newId: () => crypto.randomUUID(),
        }),
      failed: (spec, host, m) => failedTrial('b', spec, host, m, 0),
      onResult: (r) => void statuses.push(r.status),
    }).run();

  test('perHost 1 with a model on two hosts: each server sees one request at a time, and both are used', async () => {
    a.resetStats();
    b.resetStats();
    const cfg: BenchConfig = { ...one([a.url, b.url]), methods: ['vanilla'], trials: 8 };
    expect(await schedule(cfg, 4)).toBe('done');
    expect([a.stats.maxInFlight, b.stats.maxInFlight]).toEqual([1, 1]);
    expect([a.stats.models.niah2, b.stats.models.niah2]).toEqual([4, 4]);
    expect(statuses.splice(0)).toEqual(Array(8).fill('ok'));
  });

  test('perHost 3 on one host: up to 3 at once there', async () => {
    a.resetStats();
    const cfg: BenchConfig = { ...one([a.url]), methods: ['vanilla'], trials: 9, perHost: 3 };
    expect(await schedule(cfg, 4)).toBe('done');
    expect(a.stats.maxInFlight).toBe(3);
  });
});
