/** The run slice with injected deps: ids, queued runs, context changes during a run, checkpoints, failures, provider reuse. */
import { describe, expect, it } from 'vitest';
import { toJsonl } from '../core/export';
import { createAppStore } from './createStore';
import { failureEvents } from './runExec';
import { gate, testDeps } from './testDeps';
import type { EventOf, RunEvent } from '../core/events';

const tick = () => new Promise((r) => setTimeout(r, 0));

function app(opts: { ready?: boolean } = {}) {
  const t = testDeps();
  const store = createAppStore(t.deps);
  if (opts.ready !== false) t.sandbox.setStatus({ state: 'ready' });
  store.getState().setQuestion('how many?');
  return { ...t, store };
}

describe('run ids', () => {
  it('come from the injected id source, so a run after a reload does not overwrite stored ones', async () => {
    const a = app();
    await a.store.getState().startRun();
    // A second "page load": a new store over the same history.
    const b = createAppStore({ ...a.deps, newId: () => 'uuid-second-load' });
    a.sandbox.setStatus({ state: 'ready' });
    b.getState().setQuestion('again?');
    await b.getState().startRun();
    const list = await a.history.list();
    expect(list.map((r) => r.runId).sort()).toEqual(['uuid-1', 'uuid-second-load']);
  });
});

describe('import', () => {
  it('says a run is already in history and adds nothing; a different run under the same id gets a new id', async () => {
    const a = app();
    await a.store.getState().startRun();
    const events = a.store.getState().runEvents;
    const saves = a.history.saves;
    await a.store.getState().importRun(toJsonl(events));
    expect(a.store.getState().historyNotice).toMatch(/already in history/);
    expect(a.history.saves).toBe(saves);
    expect(a.store.getState().history).toHaveLength(1);

    const other = events.map((e) => (e.type === 'run-started' ? { ...e, question: 'a different run' } : e));
    await a.store.getState().importRun(toJsonl(other));
    const list = await a.history.list();
    expect(list).toHaveLength(2);
    expect(list.find((r) => r.runId === 'uuid-1')?.question).toBe('how many?');
    expect(list.find((r) => r.runId !== 'uuid-1')?.question).toBe('a different run');
    expect(a.store.getState().trajectory?.question).toBe('a different run');
  });
});

describe('a queued run', () => {
  it('waits for Python, says so, and starts by itself', async () => {
    const a = app({ ready: false });
    const done = a.store.getState().startRun();
    expect(a.store.getState().runPhase).toEqual({ phase: 'waiting', for: 'python' });
    expect(a.store.getState().runError).toBeNull();
    a.sandbox.setStatus({ state: 'ready' });
    expect(a.store.getState().runPhase.phase).toBe('running');
    await done;
    expect(a.store.getState().trajectory?.status).toBe('done');
  });

  it('waits for a file still loading, then runs on it', async () => {
    const a = app();
    const load = gate();
    a.sandbox.loadGate = load.promise;
    const loading = a.store.getState().setFiles([new File(['hello'], 'a.txt')]);
    await tick();
    expect(a.store.getState().context.status).toBe('loading');
    const done = a.store.getState().startRun();
    expect(a.store.getState().runPhase).toEqual({ phase: 'waiting', for: 'file' });
    load.open();
    await loading;
    await done;
    expect(a.store.getState().trajectory?.context?.name).toBe('a.txt');
    expect(a.store.getState().trajectory?.status).toBe('done');
  });

  it('is cancelled by Stop and does not start later', async () => {
    const a = app({ ready: false });
    const done = a.store.getState().startRun();
    a.store.getState().stopRun();
    await done;
    expect(a.store.getState().runPhase).toEqual({ phase: 'idle' });
    a.sandbox.setStatus({ state: 'ready' });
    await tick();
    expect(a.store.getState().runPhase).toEqual({ phase: 'idle' });
    expect(a.store.getState().trajectory).toBeNull();
  });

  it('gives up with the reason when the file fails to load while waiting', async () => {
    const a = app({ ready: false });
    const done = a.store.getState().startRun();
    a.store.setState({ context: { status: 'error', meta: null, names: ['x'], message: 'bad', canLoadAsText: false } });
    await done;
    expect(a.store.getState().runPhase).toEqual({ phase: 'idle' });
    expect(a.store.getState().runError).toMatch(/could not be loaded/);
  });
});

describe('during a run', () => {
  it('holds a dropped file back until the run ends, so the running code keeps its context; then it is context_1 of the session', async () => {
    const a = app();
    const block = gate();
    a.sandbox.blockGate = block.promise;
    const done = a.store.getState().startRun();
    while (!a.log.includes('exec-start')) await tick();
    await a.store.getState().setFiles([new File(['hello'], 'late.txt')]);
    expect(a.store.getState().pendingContext).toMatchObject({ kind: 'files' });
    block.open();
    await done;
    // The run left a live session behind, so the held-back file joins it (sessionSlice.ts) instead of replacing `context`.
    expect(a.log).toEqual(['exec-start', 'exec-end', 'load late.txt@1']);
    expect(a.store.getState().pendingContext).toBeNull();
    expect(a.store.getState().session?.extraContexts.map((m) => m.name)).toEqual(['late.txt']);
  });

  it('saves a checkpoint in iteration 1, so a crash there keeps the run', async () => {
    const a = app();
    const block = gate();
    a.sandbox.blockGate = block.promise;
    const done = a.store.getState().startRun();
    while (!a.log.includes('exec-start')) await tick();
    await tick();
    const saved = await a.history.list();
    expect(saved).toHaveLength(1);
    expect(saved[0].status).toBe('interrupted');
    block.open();
    await done;
    expect((await a.history.list())[0].status).toBe('done');
  });
});

describe('run-level failures', () => {
  it('become error + run-finished events, saved in history like any outcome', async () => {
    const a = app();
    a.sandbox.resetError = new Error('worker gone');
    await a.store.getState().startRun();
    const events = a.store.getState().runEvents;
    expect(events.map((e) => e.type)).toEqual(['run-started', 'error', 'run-finished']);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'error' });
    expect(a.store.getState().trajectory?.error?.message).toBe('worker gone');
    const [saved] = await a.history.list();
    expect(saved).toMatchObject({ status: 'error', question: 'how many?', rootModel: 'm' });
    expect(await a.history.load(saved.runId)).toEqual(events);
  });

  it('after the engine started: the run keeps its id and gets an error and an end', () => {
    const env = { runId: 'r1', parentCallId: null, depth: 0, turn: 0 };
    const started = { type: 'run-started', at: 10, question: 'q', context: null, settings: {}, ...env } as EventOf<'run-started'>;
    const it1: RunEvent = { type: 'iteration-started', iteration: 1, at: 11, forced: false, ...env };
    const out = failureEvents([started, it1], new Error('boom'), () => {
      throw new Error('must not start again');
    }, () => 50);
    expect(out).toEqual([
      { type: 'error', at: 50, message: 'boom', where: 'iteration 1', iteration: 1, ...env },
      expect.objectContaining({ type: 'run-finished', status: 'error', iterations: 1, wallMs: 40, answer: null }),
    ]);
    expect(failureEvents([started, ...out], new Error('again'), () => started, () => 60)).toEqual([]);
  });
});

describe('providers', () => {
  it('are built once per config: two runs reuse one, a changed config builds a new one', async () => {
    const a = app();
    await a.store.getState().startRun();
    await a.store.getState().startRun();
    expect(a.configs).toHaveLength(1);
    a.store.getState().updateSettings((s) => ({ ...s, callTimeoutMs: 1234 }));
    await a.store.getState().startRun();
    expect(a.configs).toHaveLength(2);
    expect(a.configs[1]).toMatchObject({ callTimeoutMs: 1234 });
  });

  it('serve model-list refreshes from the same cache', async () => {
    const a = app();
    await a.store.getState().refreshModels('openai');
    await a.store.getState().refreshModels('openai');
    await a.store.getState().startRun();
    expect(a.configs).toHaveLength(1);
  });
});
