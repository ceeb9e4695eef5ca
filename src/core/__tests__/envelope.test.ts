import { describe, expect, it } from 'vitest';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { ScriptedProvider, ScriptedRepl } from '../testing';

async function run(extra: object) {
  const events: RunEvent[] = [];
  let id = 0;
  const p = new ScriptedProvider((_m, call) => (call === 0 ? '```repl\nx = llm_query("a")\n```' : call === 1 ? 'sub' : 'FINAL(1)'));
  const repl = new ScriptedRepl(async (_code, opts) => ({ stdout: await opts.onSubcall({ prompt: 'a' }, new AbortController().signal) }));
  await runRlm(
    { question: 'q', context: null, rootModel: 'm', ...extra },
    { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => 0, newId: () => `n${++id}` },
  );
  return events;
}

const envelopes = (events: RunEvent[]) => new Set(events.map((e) => JSON.stringify([e.runId, e.parentCallId, e.depth, e.turn])));

describe('event envelope', () => {
  it('stamps the defaults on every event: a new run id, no parent, depth 0, turn 0', async () => {
    const events = await run({});
    expect(events.map((e) => e.type)).toContain('subcall-finished');
    expect([...envelopes(events)]).toEqual([JSON.stringify(['n1', null, 0, 0])]);
  });

  it('stamps what the caller gives (a child run of a sub-call, a later session turn) on every event', async () => {
    const events = await run({ runId: 'child', parentCallId: 'call-7', depth: 2, turn: 3 });
    expect([...envelopes(events)]).toEqual([JSON.stringify(['child', 'call-7', 2, 3])]);
    // The sub-call id still comes from newId; the run id was not drawn from it.
    expect(events.find((e) => e.type === 'subcall-started')).toMatchObject({ id: 'n1' });
  });
});
