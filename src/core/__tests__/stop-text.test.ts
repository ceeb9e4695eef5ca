import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps, type RunInput } from '../loop';
import type { EventOf, RunEvent } from '../events';
import type { ChatMessage } from '../types';
import { CommandRepl, ScriptedProvider } from '../testing';

/*
 * Cases from the official package's suite: a run cut short by a budget says which one, and a child
 * cut short is an "Error: …" string for the code that called it (as the official `_subcall`).
 */

const last = (m: ChatMessage[]) => m.at(-1)!.content;
const isForced = (m: ChatMessage[]) => /run must end now|used all your iterations/.test(last(m));
const isChild = (m: ChatMessage[]) => m[1].content.includes('CHILD');

function setup(root: ScriptedProvider) {
  const events: RunEvent[] = [];
  let id = 0;
  const deps: RunDeps = {
    root,
    sub: new ScriptedProvider((m) => `sub:${m[0].content}`),
    repl: new CommandRepl(),
    emit: (e) => events.push(e),
    newId: () => `n${++id}`,
    spawnRepl: async ({ context }) => new CommandRepl(context),
  };
  return { events, deps };
}

const input = (settings: RunInput['settings']): RunInput => ({ question: 'q', context: null, rootModel: 'root', settings: { strategy: 'final', ...settings } });
const finished = (events: RunEvent[]) => events.filter((e): e is EventOf<'run-finished'> => e.type === 'run-finished');
const callEnds = (events: RunEvent[]) => events.filter((e): e is EventOf<'subcall-finished'> => e.type === 'subcall-finished');

describe('a run cut short without prose names its real stop', () => {
  it('the error budget', async () => {
    const { deps } = setup(new ScriptedProvider(() => '```repl\nfail\n```'));
    const out = await runRlm(input({ maxErrors: 2 }), deps);
    expect(out).toMatchObject({ reason: 'errors', iterations: 3, via: 'forced' });
    expect(out.answer).toBe('(No answer: the run ended before the model answered: 2 iterations in a row had a failing block (limit 2).)');
    expect(out.why).toBe('2 iterations in a row had a failing block (limit 2)');
  });

  it('the sub-call budget', async () => {
    const { deps } = setup(new ScriptedProvider(() => '```repl\nllm a\nllm b\n```'));
    const out = await runRlm(input({ maxSubcalls: 1 }), deps);
    expect(out).toMatchObject({ reason: 'subcalls', iterations: 2 });
    expect(out.answer).toBe('(No answer: the run ended before the model answered: sub-call budget exhausted (1 of 1 used).)');
  });

  it('running out of iterations still says so', async () => {
    const { deps } = setup(new ScriptedProvider(() => '```repl\nprint x\n```'));
    expect((await runRlm(input({ maxIterations: 2 }), deps)).answer).toBe('(No answer: the model used all 2 iterations without answering.)');
  });
});

/** A root that calls one child and answers with what the call returned; the child writes `childCode` every turn. */
function parentOf(childCode: string, childForced = 'child forced answer') {
  return new ScriptedProvider((m) => {
    if (isChild(m)) return isForced(m) ? childForced : `child step\n\`\`\`repl\n${childCode}\n\`\`\``;
    return isForced(m) ? 'root forced' : '```repl\nrlm CHILD\nfinal\n```';
  });
}

describe('a child cut short is an error for its caller', () => {
  it('errors: the code gets "Error: …", the child keeps its reason and partial answer (no forced call)', async () => {
    const root = parentOf('fail');
    const { events, deps } = setup(root);
    const out = await runRlm(input({ maxDepth: 2, maxErrors: 2 }), deps);
    const error = 'child RLM stopped before answering: 2 iterations in a row had a failing block (limit 2)';
    expect(out).toMatchObject({ reason: 'answered', answer: `Error: ${error}` });
    expect(finished(events).map((e) => [e.depth, e.reason, e.answer])).toEqual([
      [1, 'errors', 'child step'],
      [0, 'answered', `Error: ${error}`],
    ]);
    expect(root.calls.filter(isForced)).toHaveLength(0); // as the official child, which raises without one
    expect(callEnds(events)).toMatchObject([{ error, response: '' }]);
  });

  it('sub-calls', async () => {
    const { events, deps } = setup(parentOf('llm a\nllm b'));
    const out = await runRlm(input({ maxDepth: 2, maxSubcalls: 2 }), deps);
    expect(out.answer).toBe('Error: child RLM stopped before answering: sub-call budget exhausted (2 of 2 used)');
    expect(finished(events)[0]).toMatchObject({ depth: 1, reason: 'subcalls' });
  });

  it('tokens', async () => {
    const { events, deps } = setup(parentOf('print x'));
    // 15 tokens a call: root 1, child 1, child 2 = 45 ≥ 40.
    const out = await runRlm(input({ maxDepth: 2, maxTokens: 40 }), deps);
    expect(out.answer).toBe('Error: child RLM stopped before answering: token budget exhausted (45 of 40 tokens used)');
    expect(finished(events)[0]).toMatchObject({ depth: 1, reason: 'tokens', answer: 'child step' });
  });

  it('wall time: the call records the stop (not "cancelled"), the child keeps its reason', async () => {
    const { events, deps } = setup(parentOf('hang'));
    const out = await runRlm(input({ maxDepth: 2, maxWallMs: 150 }), deps);
    expect(out.reason).toBe('wall-time');
    expect(finished(events)[0]).toMatchObject({ depth: 1, reason: 'wall-time', answer: 'child step' });
    expect(callEnds(events)[0].error).toMatch(/^child RLM stopped before answering: wall-time budget exhausted \(\d[\d,]* of 150 ms\)$/);
  });

  it('a child that runs out of iterations still answers (the official forced default answer)', async () => {
    const { deps } = setup(parentOf('print x', 'child best guess'));
    expect(await runRlm(input({ maxDepth: 2, maxIterations: 2 }), deps)).toMatchObject({ answer: 'child best guess' });
  });
});
