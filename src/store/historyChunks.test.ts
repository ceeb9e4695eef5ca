import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runRlm } from '../core/loop';
import type { RunEvent } from '../core/events';
import { ScriptedProvider, ScriptedRepl } from '../core/testing';
import { indexedDbHistory } from './historyDb';
import type { RunSummary } from './types';

/** A real engine run of `n` iterations (each prints a line), with the copies the run slice checkpoints. */
async function engineRun(n: number): Promise<{ events: RunEvent[]; checkpoints: RunEvent[][] }> {
  const events: RunEvent[] = [];
  const checkpoints: RunEvent[][] = [];
  const p = new ScriptedProvider((_m, call) => (call + 1 < n ? `Step ${call}\n\`\`\`repl\nprint(${call})\n\`\`\`` : 'FINAL(done)'));
  const repl = new ScriptedRepl((code) => ({ stdout: `${code.length} chars of output\n` }));
  await runRlm({ question: 'q', context: null, rootModel: 'm', settings: { maxIterations: n + 5 } },
    { root: p, sub: p, repl, emit: (e) => {
      if (e.type === 'token') return;
      events.push(e);
      if (e.type === 'iteration-started') checkpoints.push(events.slice());
    } });
  return { events, checkpoints };
}

const summaryOf = (events: RunEvent[]): RunSummary => ({
  runId: events[0].runId, question: 'q', startedAt: 1, status: 'running', answer: null, rootModel: 'm',
  iterations: events.filter((e) => e.type === 'iteration-started').length, wallMs: 0, contextName: null, models: ['m'],
});

/** Bytes (as JSON) each `put` writes into the `events` store. */
function watchPuts(): { bytes: number[]; stop(): void } {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  const bytes: number[] = [];
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (this.name === 'events') bytes.push(JSON.stringify(value).length);
    return put.call(this, value, key);
  };
  return { bytes, stop: () => void (proto.put = put) };
}

let db = 0;
const fresh = () => indexedDbHistory(`history-chunks-${++db}`);
let stopWatch: (() => void) | null = null;
afterEach(() => stopWatch?.());

describe('history saves: append-only event chunks', () => {
  it('writes about as much at the 200th checkpoint as at the 2nd, and reads the whole run back', async () => {
    const { events, checkpoints } = await engineRun(200);
    const h = fresh();
    const watch = watchPuts();
    stopWatch = watch.stop;
    for (const c of checkpoints) await h.save(summaryOf(c), c);
    await h.save(summaryOf(events), events);
    watch.stop();
    // One put per save: the first writes the run so far, each later one the iteration since the last.
    expect(watch.bytes).toHaveLength(checkpoints.length + 1);
    const early = watch.bytes[2];
    const late = watch.bytes[checkpoints.length - 1];
    expect(late).toBeLessThan(early * 2);
    expect(await h.load(events[0].runId)).toEqual(events);
  });

  it('writes a list that does not continue the last save anew (an import under the same id)', async () => {
    const a = await engineRun(5);
    const b = await engineRun(3);
    const h = fresh();
    const runId = a.events[0].runId;
    await h.save(summaryOf(a.events), a.events);
    const moved = b.events.map((e) => (e.runId === b.events[0].runId ? { ...e, runId } : e));
    await h.save(summaryOf(moved), moved);
    expect(await h.load(runId)).toEqual(moved);
  });

  it('a save of the same list writes the summary only; remove drops every chunk', async () => {
    const { events, checkpoints } = await engineRun(4);
    const h = fresh();
    for (const c of checkpoints) await h.save(summaryOf(c), c);
    const watch = watchPuts();
    stopWatch = watch.stop;
    await h.save(summaryOf(checkpoints[3]), checkpoints[3]);
    expect(watch.bytes).toEqual([]);
    await h.remove(events[0].runId);
    expect(await h.load(events[0].runId)).toBeNull();
    expect(await h.list()).toEqual([]);
  });

  it('still opens a run saved before chunks (one record per run), and a later save replaces it', async () => {
    const { events } = await engineRun(3);
    const name = `history-chunks-${++db}`;
    const runId = events[0].runId;
    await new Promise<void>((ok, fail) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('runs', { keyPath: 'runId' }).createIndex('startedAt', 'startedAt');
        r.result.createObjectStore('events', { keyPath: 'runId' });
      };
      r.onsuccess = () => {
        const tx = r.result.transaction(['runs', 'events'], 'readwrite');
        tx.objectStore('runs').put(summaryOf(events));
        tx.objectStore('events').put({ runId, events });
        tx.oncomplete = () => (r.result.close(), ok());
        tx.onerror = () => fail(tx.error);
      };
      r.onerror = () => fail(r.error);
    });
    const h = indexedDbHistory(name);
    expect(await h.load(runId)).toEqual(events);
    const shorter = events.slice(0, 2).map((e) => ({ ...e }));
    await h.save(summaryOf(shorter), shorter);
    expect(await h.load(runId)).toEqual(shorter);
  });
});
