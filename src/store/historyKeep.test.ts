/** History summaries (models, hash, old records), "keep the file with the run", and "Run again". */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createAppStore } from './createStore';
import { readSummaries } from './historyDb';
import { testDeps } from './testDeps';

function app(storage: Map<string, string> = new Map()) {
  const t = testDeps();
  t.deps.storage = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) };
  const store = createAppStore(t.deps);
  t.sandbox.setStatus({ state: 'ready' });
  return { ...t, store, storage };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function runWithFile(a: ReturnType<typeof app>, text = 'hello') {
  await a.store.getState().setFiles([new File([text], 'a.txt')]);
  a.store.getState().setQuestion('what is in the file?');
  await a.store.getState().startRun();
  return (await a.history.list())[0];
}

describe('stored summaries', () => {
  it('an old record (no models, no hash) still lists, with its root model as its models', () => {
    const old = { runId: 'r', question: 'q', startedAt: 1, status: 'done', answer: 'a', rootModel: 'qwen3:8b', iterations: 1, wallMs: 3, contextName: null };
    expect(readSummaries([old])).toEqual([{ ...old, models: ['qwen3:8b'] }]);
  });

  it('name every model of the run and the context hash', async () => {
    const a = app();
    const s = await runWithFile(a);
    expect(s.models).toEqual(['m']);
    expect(s.contextSha256).toBe(sha('hello'));
    expect(a.store.getState().context.meta?.sha256).toBe(sha('hello'));
  });
});

describe('keep the file with the run', () => {
  it('off (the default): the run keeps the name, size and hash only', async () => {
    const a = app();
    expect(a.store.getState().keepFile).toBe(false);
    const s = await runWithFile(a);
    expect(s.keptFile).toBeUndefined();
    expect(await a.history.loadFiles(s.runId)).toBeNull();
  });

  it('on: the file is stored beside the run, the choice persists, and deleting the run deletes the file', async () => {
    const a = app();
    a.store.getState().setKeepFile(true);
    const s = await runWithFile(a, 'kept bytes');
    expect(s.keptFile).toBe(true);
    const files = await a.history.loadFiles(s.runId);
    expect(await files?.[0].text()).toBe('kept bytes');
    expect(createAppStore({ ...a.deps }).getState().keepFile).toBe(true);
    await a.store.getState().deleteRun(s.runId);
    expect(await a.history.loadFiles(s.runId)).toBeNull();
  });

  it('"Run again" restores question, models, limits and the kept file, and waits for Run', async () => {
    const a = app();
    a.store.getState().setKeepFile(true);
    a.store.getState().updateSettings((s) => ({ ...s, engine: { ...s.engine, maxIterations: 4 } }));
    const s = await runWithFile(a, 'kept bytes');
    await a.store.getState().clearContext();
    a.store.getState().setQuestion('something else');
    a.store.getState().updateSettings((x) => ({ ...x, rootModel: 'other', engine: { ...x.engine, maxIterations: 9 } }));
    const runs = (await a.history.list()).length;
    await a.store.getState().runAgain(s.runId);
    const st = a.store.getState();
    expect(st.question).toBe('what is in the file?');
    expect(st.settings.rootModel).toBe('m');
    expect(st.settings.engine.maxIterations).toBe(4);
    expect(st.context.status).toBe('ready');
    expect(st.contextFiles?.sha256).toBe(sha('kept bytes'));
    expect(st.historyNotice).toMatch(/Press Run to start\. Its file a\.txt was kept and is loaded again/);
    expect(st.runPhase.phase).toBe('idle');
    expect((await a.history.list()).length).toBe(runs);
  });

  it('"Run again" on a run whose file was not kept says to drop it again, naming it', async () => {
    const a = app();
    const s = await runWithFile(a);
    await a.store.getState().clearContext();
    await a.store.getState().runAgain(s.runId);
    expect(a.store.getState().historyNotice).toMatch(/a\.txt \(sha256 [0-9a-f]{12}…\) was not kept with the run: drop it again first/);
    expect(a.store.getState().context.status).toBe('empty');
  });
});

describe('checkpoints', () => {
  it('a slow first checkpoint (storing the file) cannot land after the final save and cut the run short', async () => {
    const a = app();
    a.store.getState().setKeepFile(true);
    const saveFiles = a.history.saveFiles.bind(a.history);
    let calls = 0;
    a.history.saveFiles = async (runId, files) => {
      if (calls++ === 0) await new Promise((r) => setTimeout(r, 60));
      return saveFiles(runId, files);
    };
    const s = await runWithFile(a, 'a file worth keeping');
    await new Promise((r) => setTimeout(r, 100)); // any save still in flight has landed
    const events = await a.history.load(s.runId);
    expect(events?.some((e) => e.type === 'run-finished')).toBe(true);
    expect((await a.history.list())[0].status).not.toBe('running');
  });
});
