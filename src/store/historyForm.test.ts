/** What a user sees of history besides saving: the form follows an opened run, Delete can be undone, a run that cannot start is kept. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from './createStore';
import { FILE_ERROR_BLOCK } from './runGate';
import { testDeps } from './testDeps';

function app() {
  const t = testDeps();
  const store = createAppStore(t.deps);
  t.sandbox.setStatus({ state: 'ready' });
  return { ...t, store };
}

async function run(a: ReturnType<typeof app>, question: string, model: string) {
  a.store.getState().setQuestion(question);
  a.store.getState().chooseModel('root', model);
  await a.store.getState().startRun();
  return a.store.getState().trajectory!.runId;
}

describe('opening a run from history', () => {
  it('fills the form with its question, model and limits, so Run runs what is on screen', async () => {
    const a = app();
    a.store.getState().setEngine('maxIterations', 7);
    const first = await run(a, 'first question', 'model-a');
    a.store.getState().setEngine('maxIterations', 3);
    await run(a, 'second question', 'model-b');
    await a.store.getState().openRun(first);
    const s = a.store.getState();
    expect(s.trajectory?.question).toBe('first question');
    expect(s.question).toBe('first question');
    expect(s.settings.rootModel).toBe('model-a');
    expect(s.settings.engine.maxIterations).toBe(7);
  });
});

describe('delete', () => {
  it('can be undone: the run comes back with its events, its kept file too', async () => {
    const a = app();
    a.store.getState().setKeepFile(true);
    await a.store.getState().setFiles([new File(['hello'], 'a.txt')]);
    const id = await run(a, 'keep me', 'm');
    const before = await a.history.load(id);
    await a.store.getState().deleteRun(id);
    expect(a.store.getState().history).toHaveLength(0);
    expect(a.store.getState().deletedRun?.summary.question).toBe('keep me');
    await a.store.getState().undoDelete();
    expect(a.store.getState().history.map((r) => r.runId)).toEqual([id]);
    expect(a.store.getState().history[0].keptFile).toBe(true);
    expect(await a.history.load(id)).toEqual(before);
    expect((await a.history.loadFiles(id))?.map((f) => f.name)).toEqual(['a.txt']);
    expect(a.store.getState().deletedRun).toBeNull();
  });
});

describe('a run that fails before it starts', () => {
  it('(no server) is kept in history as a failed run, with the message', async () => {
    const a = app();
    a.store.setState({ models: { ...a.store.getState().models, openai: { status: 'error', message: 'Cannot reach http://127.0.0.1:9' } } });
    a.store.getState().setQuestion('anything');
    await a.store.getState().startRun();
    expect(a.store.getState().runError).toContain('Cannot reach');
    const [saved] = a.store.getState().history;
    expect(saved).toMatchObject({ question: 'anything', status: 'error' });
    const events = (await a.history.load(saved.runId))!;
    expect(events.map((e) => e.type)).toEqual(['run-started', 'error', 'run-finished']);
    expect(events[1]).toMatchObject({ message: 'Cannot reach http://127.0.0.1:9', where: 'starting the run' });
  });
  it('but a missing question is input to give, not a run', async () => {
    const a = app();
    a.store.getState().setQuestion('');
    await a.store.getState().startRun();
    expect(a.store.getState().history).toHaveLength(0);
  });
});

describe('a file that failed to load', () => {
  it('blocks Run with words that name the buttons its panel has', () => {
    expect(FILE_ERROR_BLOCK).toMatch(/Dismiss/);
    expect(FILE_ERROR_BLOCK).toMatch(/Pick another file/);
    expect(FILE_ERROR_BLOCK).not.toMatch(/remove it/i);
  });
});
