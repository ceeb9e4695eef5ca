/**
 * History checkpoints in the bench page (`window.benchHistory`, called by history.ts): one engine-made run of `n`
 * iterations (scripted model and REPL, `outputChars` of output per block), then the checkpoint the app makes at each
 * iteration, in order: `summarize` (the slice's incremental fold) and `indexedDbHistory().save` into real IndexedDB,
 * each timed; and the bytes (as JSON) each save puts into the `events` store.
 */
import { runRlm } from '../../src/core/loop';
import type { RunEvent } from '../../src/core/events';
import { ScriptedProvider, ScriptedRepl } from '../../src/core/testing';
import { indexedDbHistory } from '../../src/store/historyDb';
import { incrementalReplay, summarize } from '../../src/store/historySlice';

export interface HistorySaves {
  /** Per checkpoint (index = iteration - 1): ms of summarize + save. */
  ms: number[];
  /** Per checkpoint: JSON bytes written to the events store. */
  bytes: number[];
  events: number;
}

async function engineRun(n: number, outputChars: number): Promise<RunEvent[][]> {
  const events: RunEvent[] = [];
  const checkpoints: RunEvent[][] = [];
  const line = 'x'.repeat(79) + '\n';
  const stdout = line.repeat(Math.ceil(outputChars / 80)).slice(0, outputChars);
  const p = new ScriptedProvider((_m, call) => (call + 1 < n ? `Step ${call}.\n\`\`\`repl\nprint(${call})\n\`\`\`` : 'FINAL(done)'));
  await runRlm({ question: 'history bench', context: null, rootModel: 'm', settings: { maxIterations: n + 5, compactAt: 0 } },
    { root: p, sub: p, repl: new ScriptedRepl(() => ({ stdout })), emit: (e) => {
      if (e.type === 'token') return;
      events.push(e);
      if (e.type === 'iteration-started') checkpoints.push(events.slice());
    } });
  return checkpoints;
}

async function saves(n: number, outputChars: number): Promise<HistorySaves> {
  const checkpoints = await engineRun(n, outputChars);
  const history = indexedDbHistory(`rlm-bench-history-${Date.now()}`);
  const fold = incrementalReplay();
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  let written = 0;
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (this.name === 'events') written += JSON.stringify(value).length;
    return put.call(this, value, key);
  };
  const ms: number[] = [];
  const bytes: number[] = [];
  try {
    for (const c of checkpoints) {
      written = 0;
      const t0 = performance.now();
      await history.save(summarize(c, fold)!, c);
      ms.push(performance.now() - t0);
      bytes.push(written);
    }
  } finally {
    proto.put = put;
  }
  return { ms, bytes, events: checkpoints[checkpoints.length - 1].length };
}

const historyApi = { saves };

declare global {
  interface Window {
    benchHistory: typeof historyApi;
  }
}

window.benchHistory = historyApi;
