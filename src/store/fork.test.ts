/** The fork action: the parent's file checked by hash before anything runs, the fork saved with its link. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from './createStore';
import { testDeps } from './testDeps';
import { sha256OfBlobs } from './fileHash';
import { readEvents } from './historyDb';

async function parentRun() {
  const t = testDeps();
  const store = createAppStore(t.deps);
  t.sandbox.setStatus({ state: 'ready' });
  const file = new File(['hello'], 'a.txt');
  await store.getState().setFiles([file]);
  store.getState().setQuestion('how many?');
  await store.getState().startRun();
  const parent = store.getState().trajectory!;
  return { ...t, store, parent, file };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('forkRun', () => {
  it('refuses a dropped file whose hash is not the record’s, and runs nothing', async () => {
    const a = await parentRun();
    expect(a.parent.context?.sha256).toBe(await sha256OfBlobs([a.file]));
    await a.store.getState().clearContext();
    expect(await a.store.getState().forkContextNeed(a.parent.runId)).toMatchObject({ need: 'drop' });
    const ok = await a.store.getState().forkRun(a.parent.runId, { iteration: 1, files: [new File(['other'], 'a.txt')] });
    expect(ok).toBe(false);
    expect(a.store.getState().forkError).toMatch(/not the file this run read: its sha256 is/);
    expect(a.store.getState().runPhase.phase).toBe('idle');
    expect(await a.history.list()).toHaveLength(1);
  });

  it('with the right file dropped again, runs a fork saved under its parent', async () => {
    const a = await parentRun();
    await a.store.getState().clearContext();
    const ok = await a.store.getState().forkRun(a.parent.runId, { iteration: 1, files: [new File(['hello'], 'a.txt')] });
    expect(ok).toBe(true);
    await until(() => a.store.getState().runPhase.phase === 'idle' && a.store.getState().trajectory?.runId !== a.parent.runId);
    await until(() => a.store.getState().trajectory?.status === 'done');
    const fork = a.store.getState().trajectory!;
    expect(fork.forkOf).toEqual({ runId: a.parent.runId, iteration: 1 });
    await until(() => a.store.getState().history.length === 2);
    expect(a.store.getState().history.find((r) => r.runId === fork.runId)?.forkOf).toEqual({ runId: a.parent.runId, iteration: 1 });
  });

  it('says the file must be dropped again when it was neither kept nor is loaded', async () => {
    const a = await parentRun();
    await a.store.getState().clearContext();
    expect(await a.store.getState().forkRun(a.parent.runId, { iteration: 1 })).toBe(false);
    expect(a.store.getState().forkError).toMatch(/was not kept with it: drop it again/);
  });
});

describe('a stored run', () => {
  it('keeps its context hash when read back from history (the fork checks a dropped file against it)', async () => {
    const a = await parentRun();
    const back = readEvents({ events: a.store.getState().runEvents });
    const started = back?.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.context?.sha256).toBe(await sha256OfBlobs([a.file]));
  });
});
