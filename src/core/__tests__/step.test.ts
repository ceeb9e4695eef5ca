import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps, type RunInput } from '../loop';
import type { EventOf, RunEvent } from '../events';
import type { ChatMessage } from '../types';
import { replay } from '../trajectory';
import { fromJsonl, toJsonl } from '../export';
import { eventsToOfficial } from '../official/fromEvents';
import { writeOfficialLog } from '../official/write';
import { runEventListSchema } from '../event-schema';
import * as v from 'valibot';
import { CommandRepl, ScriptedProvider } from '../testing';
import type { StepBlock, StepDecision, StepGate } from '../step';
import { TreeBudget } from '../budget';
import { resolveSettings } from '../settings';

const last = (m: ChatMessage[]) => m.at(-1)!.content;

/** Iteration 1 prints "model wrote this"; iteration 2 answers. */
const twoTurns = () => new ScriptedProvider((_m, i) => (i === 0 ? '```repl\nprint model wrote this\n```' : '```repl\nfinal done\n```'));

function setup(root: ScriptedProvider, gate: StepGate, extra: Partial<RunDeps> = {}) {
  const events: RunEvent[] = [];
  const repl = new CommandRepl();
  const sub = new ScriptedProvider((m) => `sub:${m[0].content}`);
  let id = 0;
  const deps: RunDeps = {
    root,
    sub,
    repl,
    emit: (e) => events.push(e),
    newId: () => `n${++id}`,
    spawnRepl: async ({ context }) => new CommandRepl(context),
    stepGate: gate,
    ...extra,
  };
  return { events, repl, deps };
}

const input = (settings: RunInput['settings'] = {}): RunInput => ({ question: 'q', context: null, rootModel: 'root', subModel: 'sub', settings: { strategy: 'final', ...settings } });
const ofType = <T extends RunEvent['type']>(events: RunEvent[], t: T) => events.filter((e): e is EventOf<T> => e.type === t);

/** A gate that answers from a list and records what it was asked. */
function scripted(decisions: ((b: StepBlock) => StepDecision)[]) {
  const asked: StepBlock[] = [];
  const gate: StepGate = async (b) => {
    asked.push(b);
    return (decisions[asked.length - 1] ?? ((x: StepBlock) => ({ action: 'run', code: x.code })))(b);
  };
  return { asked, gate };
}

describe('step mode', () => {
  it('asks before every block, with the run it belongs to; running as written records no edit', async () => {
    const { asked, gate } = scripted([]);
    const { events, repl, deps } = setup(twoTurns(), gate);
    const out = await runRlm(input(), deps);
    expect(out).toMatchObject({ status: 'done', answer: 'done' });
    expect(asked.map((b) => [b.iteration, b.block, b.code, b.lang, b.depth])).toEqual([
      [1, 1, 'print model wrote this', 'repl', 0],
      [2, 1, 'final done', 'repl', 0],
    ]);
    expect(asked[0].runId).toBe(events[0].runId);
    expect(repl.executed).toEqual(['print model wrote this', 'final done']);
    expect(ofType(events, 'code-started').every((e) => e.original === undefined && !e.skipped)).toBe(true);
  });

  it('an edited block runs the edit, records both codes, and the model is shown the edit\'s output', async () => {
    const { gate } = scripted([() => ({ action: 'run', code: 'print the user edit' })]);
    const root = twoTurns();
    const { events, repl, deps } = setup(root, gate);
    await runRlm(input(), deps);
    expect(repl.executed[0]).toBe('print the user edit');
    expect(ofType(events, 'code-started')[0]).toMatchObject({ code: 'print the user edit', original: 'print model wrote this' });
    expect(last(root.calls[1])).toContain('the user edit');
    expect(last(root.calls[1])).not.toContain('model wrote this');
    const block = replay(events)!.iterations[0].blocks[0];
    expect(block).toMatchObject({ code: 'print the user edit', original: 'print model wrote this', stdout: 'the user edit' });
    // Our export keeps it; the official export writes the code that ran and notes the edit in the metadata.
    const back = replay(fromJsonl(toJsonl(events)))!.iterations[0].blocks[0];
    expect(back).toMatchObject({ code: 'print the user edit', original: 'print model wrote this' });
    const official = writeOfficialLog(eventsToOfficial(events)).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(official[0].rlm_studio_step_edits).toEqual([{ turn: 0, iteration: 1, block: 1, action: 'edited', original_code: 'print model wrote this' }]);
    expect(official[1].code_blocks[0].code).toBe('print the user edit');
  });

  it('a skipped block runs nothing, is recorded with an empty output, and the model is told it was skipped', async () => {
    const { gate } = scripted([() => ({ action: 'skip' })]);
    const root = twoTurns();
    const { events, repl, deps } = setup(root, gate);
    await runRlm(input(), deps);
    expect(repl.executed).toEqual(['final done']);
    expect(ofType(events, 'code-started')[0]).toMatchObject({ code: 'print model wrote this', skipped: true });
    expect(ofType(events, 'code-finished')[0]).toMatchObject({ stdout: '', stderr: '', ok: true, skipped: true });
    expect(last(root.calls[1])).toContain('REPL output:\n(block skipped by the user)');
    expect(v.is(runEventListSchema, events)).toBe(true);
    expect(replay(fromJsonl(toJsonl(events)))!.iterations[0].blocks[0]).toMatchObject({ skipped: true, stdout: '' });
    const meta = JSON.parse(writeOfficialLog(eventsToOfficial(events)).split('\n')[0]);
    expect(meta.rlm_studio_step_edits).toEqual([{ turn: 0, iteration: 1, block: 1, action: 'skipped' }]);
  });

  it('Stop while paused ends the run as stopped, without running the block, even if the gate never answers', async () => {
    const ctl = new AbortController();
    const gate: StepGate = () => {
      setTimeout(() => ctl.abort(), 5);
      return new Promise(() => undefined);
    };
    const { events, repl, deps } = setup(twoTurns(), gate, { signal: ctl.signal });
    const out = await runRlm(input(), deps);
    expect(out).toMatchObject({ status: 'stopped', reason: 'stopped' });
    expect(repl.executed).toEqual([]);
    expect(ofType(events, 'code-started')).toHaveLength(0);
  });

  it('the wait for the user does not count toward the wall-time budget (injected clock)', async () => {
    let clock = 0;
    // The user thinks for 10 s of the 1 s budget at every block.
    const gate: StepGate = async (b) => {
      clock += 10_000;
      return { action: 'run', code: b.code };
    };
    const { deps, events } = setup(twoTurns(), gate, { now: () => clock });
    const out = await runRlm(input({ maxWallMs: 1000 }), deps);
    expect(out).toMatchObject({ status: 'done', reason: 'answered', answer: 'done' });
    expect(ofType(events, 'notice')).toHaveLength(0);
  });

  it('the budget still counts the time outside the pause', async () => {
    let clock = 0;
    const gate: StepGate = async (b) => {
      clock += 10_000;
      return { action: 'run', code: b.code };
    };
    const root = new ScriptedProvider((_m, i) => {
      clock += 600; // each root call takes 0.6 s of the 1 s budget
      return i < 2 ? '```repl\nprint a\n```' : '```repl\nfinal done\n```';
    });
    const { deps } = setup(root, gate, { now: () => clock });
    const out = await runRlm(input({ maxWallMs: 1000 }), deps);
    // 1.2 s of model time before iteration 3: the budget trips there, the 20 s of pauses aside.
    expect(out).toMatchObject({ reason: 'wall-time', iterations: 2 });
    expect(root.calls).toHaveLength(2);
  });

  it('child runs pause too: their blocks come to the gate with depth 1', async () => {
    const root = new ScriptedProvider((m) => (m[1].content.includes('CHILD') ? '```repl\nfinal child answer\n```' : '```repl\nrlm CHILD\nfinal\n```'));
    const { asked, gate } = scripted([(b) => ({ action: 'run', code: b.code }), () => ({ action: 'run', code: 'final edited child' })]);
    const { events, deps } = setup(root, gate);
    const out = await runRlm(input({ maxDepth: 2 }), deps);
    expect(asked.map((b) => b.depth)).toEqual([0, 1]);
    expect(out.answer).toBe('edited child');
    const child = ofType(events, 'code-started').find((e) => e.depth === 1)!;
    expect(child).toMatchObject({ code: 'final edited child', original: 'final child answer' });
  });

  it('the wall-time timer stands still while held and fires for the rest once released', async () => {
    const budget = new TreeBudget(resolveSettings({ maxWallMs: 300 }), () => Date.now());
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    budget.start();
    await sleep(40);
    const release = budget.hold();
    const again = budget.hold(); // a second paused run of the tree
    await sleep(400);
    release();
    await sleep(10);
    expect(budget.tripped).toBeNull();
    again();
    again(); // releasing twice changes nothing
    await sleep(20);
    expect(budget.tripped).toBeNull();
    await sleep(350);
    expect(budget.tripped).toBe('wall-time');
    budget.dispose();
  });
});
