/** The sandbox's variable types and reprs, from a block's result to the event, the trajectory and the official export. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { runEventListSchema } from '../event-schema';
import type { RunEvent } from '../events';
import { runRlm } from '../loop';
import { eventsToOfficial } from '../official/fromEvents';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import { replay } from '../trajectory';

const info = [
  { name: 'n', type: 'int', repr: '42' },
  { name: 'words', type: 'list', repr: "['a', 'b'] (2 items)" },
];

async function run(withInfo: boolean): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const provider = new ScriptedProvider((_, i) => (i === 0 ? '```repl\nn = 42\nwords = ["a", "b"]\n```' : '```repl\nFINAL_VAR("n")\n```'));
  const repl = new ScriptedRepl((code) => (code.includes('n = 42') ? { variables: ['n', 'words'], ...(withInfo ? { variableInfo: info } : {}) } : { final: { value: '42', via: 'FINAL_VAR' as const } }), { n: '42' });
  let id = 0;
  await runRlm({ question: 'q', context: null, rootModel: 'm' }, { root: provider, sub: provider, repl, emit: (e) => events.push(e), now: () => 1000, newId: () => `id${id++}` });
  return events;
}

describe('variableInfo', () => {
  it('travels from the block result through code-finished into the trajectory and the official locals', async () => {
    const events = await run(true);
    const finished = events.find((e) => e.type === 'code-finished');
    expect(finished).toMatchObject({ variables: ['n', 'words'], variableInfo: info });
    // A saved run with it reads back (the schema knows the field).
    expect(v.safeParse(runEventListSchema, JSON.parse(JSON.stringify(events))).success).toBe(true);
    expect(replay(events)!.iterations[0].blocks[0].variableInfo).toEqual(info);
    const block = eventsToOfficial(events).completions[0]!.iterations[0]!.codeBlocks[0]!;
    expect(block.locals).toEqual({ n: '42', words: "['a', 'b'] (2 items)" });
  });

  it('leaves it out when the sandbox did not report it, and writes null locals then', async () => {
    const events = await run(false);
    expect(events.find((e) => e.type === 'code-finished')).not.toHaveProperty('variableInfo');
    expect(replay(events)!.iterations[0].blocks[0]).not.toHaveProperty('variableInfo');
    expect(eventsToOfficial(events).completions[0]!.iterations[0]!.codeBlocks[0]!.locals).toEqual({ n: null, words: null });
  });

  it('refuses a malformed entry in an imported run', () => {
    const bad = { type: 'code-finished', runId: 'r', parentCallId: null, depth: 0, turn: 0, iteration: 1, block: 0, at: 1, stdout: '', stderr: '', ok: true, durationMs: 1, variables: ['n'], variableInfo: [{ name: 'n', type: 3 }] };
    expect(v.safeParse(runEventListSchema, [bad]).success).toBe(false);
  });
});
