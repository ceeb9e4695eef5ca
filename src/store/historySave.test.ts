/** What a history checkpoint costs: the list is updated in memory, the run folded incrementally. */
import { describe, expect, it } from 'vitest';
import { runRlm } from '../core/loop';
import type { RunEvent } from '../core/events';
import { replay } from '../core/trajectory';
import { ScriptedProvider, ScriptedRepl } from '../core/testing';
import { createAppStore } from './createStore';
import { incrementalReplay } from './historySlice';
import { testDeps } from './testDeps';
import { toJsonl } from '../core/export';

async function checkpoints(n: number): Promise<RunEvent[][]> {
  const events: RunEvent[] = [];
  const out: RunEvent[][] = [];
  const p = new ScriptedProvider((_m, call) => (call + 1 < n ? `\`\`\`repl\nprint(${call})\n\`\`\`` : 'FINAL(done)'));
  await runRlm({ question: 'q', context: null, rootModel: 'm', settings: { maxIterations: n + 5 } },
    { root: p, sub: p, repl: new ScriptedRepl(() => ({ stdout: 'x\n' })), emit: (e) => {
      if (e.type === 'token') return;
      events.push(e);
      if (e.type === 'iteration-started') out.push(events.slice());
    } });
  out.push(events.slice());
  return out;
}

describe('history checkpoints', () => {
  it('incrementalReplay gives what replay gives, for continuations and for unrelated lists', async () => {
    const fold = incrementalReplay();
    const a = await checkpoints(6);
    for (const c of a) expect(fold(c)).toEqual(replay(c));
    const b = await checkpoints(3);
    expect(fold(b[2])).toEqual(replay(b[2]));
    expect(fold(a[1])).toEqual(replay(a[1])); // shorter than the last: folded anew
  });

  it('a save updates the list in memory instead of reading every stored run back', async () => {
    const t = testDeps();
    const store = createAppStore(t.deps);
    t.sandbox.setStatus({ state: 'ready' });
    let lists = 0;
    const list = t.history.list.bind(t.history);
    t.history.list = () => (lists++, list());
    await store.getState().loadHistory();
    store.getState().setQuestion('first?');
    await store.getState().startRun();
    await store.getState().newSession();
    store.getState().setQuestion('second?');
    await store.getState().startRun();
    expect(lists).toBe(1);
    const shown = store.getState().history.map((r) => [r.question, r.status]);
    expect(shown).toEqual((await list()).map((r) => [r.question, r.status]));
    expect(shown).toHaveLength(2);
  });

  it('an import is shown from memory: the store is read once (is this run already there?), not again to open it', async () => {
    const t = testDeps();
    const store = createAppStore(t.deps);
    const events = (await checkpoints(4)).at(-1)!;
    let loads = 0;
    const load = t.history.load.bind(t.history);
    t.history.load = (id) => (loads++, load(id));
    await store.getState().importRun(toJsonl(events));
    expect(store.getState().historyError).toBeNull();
    expect(loads).toBe(1);
    expect(store.getState().trajectory).toEqual(replay(store.getState().runEvents));
    expect(store.getState().trajectory?.final?.answer).toBe('done');
    expect(store.getState().history.map((r) => r.runId)).toEqual((await t.history.list()).map((r) => r.runId));
  });
});
