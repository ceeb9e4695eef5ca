/** The bench slice through the store: saving as trials end, pause / reload / resume, cancel, open a trial, import. */
import { describe, expect, test } from 'vitest';
import { version } from '../../package.json';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider } from '../core/types';
import { NO_SUBCALLS_NOTE } from '../core/recursion-prompt';
import type { BenchConfig } from '../bench/types';
import { createAppStore } from './createStore';
import { memoryBench } from './benchDb';
import { testDeps } from './testDeps';

/** Answers FINAL(1) at once, or only when `hold` is released; a model named "broken" fails. */
function provider(ctl: { hold: Promise<void> | null; calls: number }): ChatProvider {
  return {
    kind: 'openai',
    endpoint: 'http://127.0.0.1:1/v1',
    listModels: async () => [],
    async *chat(_m: ChatMessage[], o: ChatOptions): AsyncIterable<ChatPart> {
      ctl.calls++;
      if (o.model === 'broken') throw new Error('HTTP 503 from broken');
      if (ctl.hold) await Promise.race([ctl.hold, new Promise((_, rej) => o.signal?.addEventListener('abort', () => rej(new Error('aborted'))))]);
      yield { type: 'text', text: '```repl\nFINAL(1)\n```' };
      yield { type: 'done', usage: { inputTokens: 3, outputTokens: 2, estimated: false }, model: o.model };
    },
  };
}

const cfg = (models = ['m'], trials = 3): BenchConfig => ({
  tasks: ['niah'], lines: [50], sizes: [], position: 'random', trials, seed: 1, methods: ['rlm', 'rlm-no-sub'],
  models: models.map((model) => ({ provider: 'openai', model, hosts: [] })), perHost: 1, engine: {},
});

function setup(store = memoryBench(), ctl = { hold: null as Promise<void> | null, calls: 0 }) {
  const t = testDeps();
  t.deps.createProvider = () => provider(ctl);
  let n = 0;
  t.deps.newId = () => `id-${++n}`;
  t.deps.bench = { store, pool: () => ({ acquire: async () => t.deps.sandbox, release: (s) => s.reset(), dispose: () => undefined }) };
  const app = createAppStore(t.deps);
  return { app, store, ctl, history: t.history };
}
const until = async (f: () => boolean) => {
  for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(f()).toBe(true);
};

describe('bench slice', () => {
  test('two quick clicks on Run start one benchmark, not two', async () => {
    const { app, store } = setup();
    app.getState().setBenchConfig(cfg());
    await Promise.all([app.getState().startBench(), app.getState().startBench()]);
    expect(app.getState().bench.saved).toHaveLength(1);
    expect(store.trialWrites).toBe(6);
  });

  test('runs the matrix, saves each trial as it ends, records provenance, leaves run history alone', async () => {
    const { app, store, history } = setup();
    app.getState().setBenchConfig(cfg());
    await app.getState().startBench();
    const b = app.getState().bench;
    expect(b.error).toBeNull();
    expect(b.phase).toEqual({ phase: 'idle' });
    expect(b.current).toMatchObject({ status: 'done', appVersion: version, config: cfg() });
    expect(b.current!.trials).toHaveLength(6);
    expect(b.current!.trials.every((t) => t.status === 'ok' && t.answer === '1' && t.score?.correct === false)).toBe(true);
    expect(store.trialWrites).toBe(6);
    expect(b.current!.prompts!['rlm-no-sub']).toContain(NO_SUBCALLS_NOTE);
    expect(b.current!.prompts!.rlm).not.toContain(NO_SUBCALLS_NOTE);
    expect(b.saved.map((r) => r.id)).toEqual([b.current!.id]);
    expect(history.saves).toBe(0);
  });

  test('pause keeps the finished trials; after a "reload" the record reopens paused and resume runs only the rest', async () => {
    let release!: () => void;
    const ctl = { hold: new Promise<void>((r) => (release = r)) as Promise<void> | null, calls: 0 };
    const first = setup(memoryBench(), ctl);
    first.app.getState().setBenchConfig(cfg());
    const running = first.app.getState().startBench();
    await until(() => ctl.calls === 1);
    expect(first.app.getState().bench.phase).toMatchObject({ phase: 'running', done: 0, total: 6 });
    first.app.getState().pauseBench();
    release();
    await running;
    expect(first.app.getState().bench.phase).toEqual({ phase: 'paused', done: 1, total: 6 });
    // A new page on the same database, as after a reload.
    const again = setup(first.store, { hold: null, calls: 0 });
    await until(() => again.app.getState().bench.phase.phase === 'paused');
    const reopened = again.app.getState().bench;
    expect(reopened.current!.trials.map((t) => t.key)).toEqual(['niah|50|0|rlm|0']);
    await again.app.getState().resumeBench();
    const done = again.app.getState().bench.current!;
    expect(done.status).toBe('done');
    expect(done.trials.map((t) => t.key).sort()).toEqual([0, 1, 2].flatMap((i) => [`niah|50|0|rlm|${i}`, `niah|50|0|rlm-no-sub|${i}`]).sort());
    expect(again.ctl.calls).toBe(5);
  });

  test('a record saved as running (the page died) reopens as paused', async () => {
    const store = memoryBench();
    await store.saveHeader({ format: 'rlm-studio-bench', version: 1, id: 'b', createdAt: 1, appVersion: '0', config: cfg(), status: 'running' });
    const { app } = setup(store);
    await until(() => app.getState().bench.current !== null);
    expect(app.getState().bench).toMatchObject({ current: { id: 'b', status: 'paused' }, phase: { phase: 'paused', done: 0, total: 6 } });
    expect((await store.load('b'))!.status).toBe('paused');
  });

  test('cancel aborts the trial in flight, which is not saved; a failing model makes error trials and the rest go on', async () => {
    const ctl = { hold: new Promise<void>(() => undefined) as Promise<void> | null, calls: 0 };
    const { app, store } = setup(memoryBench(), ctl);
    app.getState().setBenchConfig(cfg(['m'], 1));
    const running = app.getState().startBench();
    await until(() => ctl.calls === 1);
    app.getState().cancelBench();
    await running;
    expect(app.getState().bench.current).toMatchObject({ status: 'cancelled', trials: [] });
    expect(store.trialWrites).toBe(0);

    const ok = setup();
    ok.app.getState().setBenchConfig(cfg(['broken', 'm'], 1));
    await ok.app.getState().startBench();
    const trials = ok.app.getState().bench.current!.trials;
    expect(trials.map((t) => [t.spec.modelIndex, t.status])).toEqual([[0, 'error'], [0, 'error'], [1, 'ok'], [1, 'ok']]);
    expect(trials[0].error).toMatch(/503/);
  });

  test('openTrial shows the trial in the run view without adding it to history', async () => {
    const { app, history } = setup();
    app.getState().setBenchConfig(cfg(['m'], 1));
    await app.getState().startBench();
    await app.getState().openBench(app.getState().bench.current!.id);
    await app.getState().openTrial('niah|50|0|rlm-no-sub|0');
    const s = app.getState();
    expect(s.trajectory?.final?.answer).toBe('1');
    expect(s.runEvents[0]).toMatchObject({ type: 'run-started', settings: { noSubcalls: true } });
    expect(history.saves).toBe(0);
  });

  test('opening a saved benchmark (or the one a reload reopens) puts its own settings in the form', async () => {
    const { app, store } = setup();
    app.getState().setBenchConfig(cfg(['m'], 1));
    await app.getState().startBench();
    const id = app.getState().bench.current!.id;
    app.getState().setBenchConfig({ ...cfg(['other'], 5), seed: 99 });
    await app.getState().openBench(id);
    expect(app.getState().bench.config).toEqual(cfg(['m'], 1));
    // A reload that reopens an interrupted benchmark: the form shows that benchmark's settings, not the defaults.
    await store.saveHeader({ ...app.getState().bench.saved[0], status: 'running' });
    const t = testDeps();
    t.deps.bench = { store, pool: () => ({ acquire: async () => t.deps.sandbox, release: async () => undefined, dispose: () => undefined }) };
    const reloaded = createAppStore(t.deps);
    await reloaded.getState().loadBenches();
    expect(reloaded.getState().bench.current?.id).toBe(id);
    expect(reloaded.getState().bench.config).toEqual(cfg(['m'], 1));
  });

  test('opening a trial fills the run form with its question and model', async () => {
    const { app } = setup();
    app.getState().setBenchConfig(cfg(['m'], 1));
    await app.getState().startBench();
    app.getState().setQuestion('an unrelated question');
    app.getState().chooseModel('root', 'unrelated-model');
    await app.getState().openTrial('niah|50|0|rlm|0');
    const s = app.getState();
    expect(s.question).toBe(s.trajectory?.question);
    expect(s.question).not.toBe('an unrelated question');
    expect(s.settings.rootModel).toBe('m');
    expect(s.settings.rootProvider).toBe('openai');
  });

  test('import: an export re-imports (a taken id gets a new one); a bad file names the problem and saves nothing', async () => {
    const { app } = setup();
    app.getState().setBenchConfig(cfg(['m'], 1));
    await app.getState().startBench();
    const exported = JSON.stringify(app.getState().bench.current);
    await app.getState().importBench(exported);
    const s = app.getState().bench;
    expect(s.error).toBeNull();
    expect(s.saved).toHaveLength(2);
    expect(s.current!.id).not.toBe(JSON.parse(exported).id);
    expect(s.current!.trials.every((t) => t.benchId === s.current!.id)).toBe(true);
    const other = setup();
    await other.app.getState().importBench('{"format":"rlm-studio-bench","version":1}');
    expect(other.app.getState().bench.error).toMatch(/^Import failed: .*id/);
    await other.app.getState().importBench('not json');
    expect(other.app.getState().bench.error).toMatch(/not JSON/);
    expect(await other.store.list()).toEqual([]);
  });

  test('the page link configures the benchmark; ignored values are named', () => {
    const t = testDeps({ search: '?tab=bench&tasks=niah&lines=1000&trials=2&seed=7&methods=rlm,vanilla&m=ollama,qwen3:4b,http://h:11434' });
    const app = createAppStore(t.deps);
    expect(app.getState().bench.config).toMatchObject({ tasks: ['niah'], lines: [1000], trials: 2, seed: 7, methods: ['rlm', 'vanilla'],
      models: [{ provider: 'ollama', model: 'qwen3:4b', hosts: ['http://h:11434'] }] });
    expect(app.getState().bench.error).toBeNull();
    const bad = createAppStore(testDeps({ search: '?tab=bench&trials=zero' }).deps);
    expect(bad.getState().bench.error).toMatch(/ignored.*trials/);
  });

  test('a config that cannot run says why', async () => {
    const { app } = setup();
    app.getState().setBenchConfig({ ...cfg(), models: [] });
    await app.getState().startBench();
    expect(app.getState().bench.error).toBe('Pick at least one model.');
  });
});
