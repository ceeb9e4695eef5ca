import { describe, expect, it } from 'vitest';
import { runRlm } from '../loop';
import type { EventBody, EventEnvelope, RunEvent, RunSettingsPublic } from '../events';
import { reduceTrajectory, replay, type Trajectory } from '../trajectory';
import { callTree, conversationAt, runStats, swimlane } from '../tree';
import { ScriptedProvider, ScriptedRepl } from '../testing';

const settings: RunSettingsPublic = { rootModel: 'm', subModel: 's', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: 5, maxOutputChars: 99, blockTimeoutMs: 9, subcallConcurrency: 20 };
const usage = (i: number, o: number) => ({ inputTokens: i, outputTokens: o, estimated: false });
const ROOT: EventEnvelope = { runId: 'root', parentCallId: null, depth: 0, turn: 0 };
const ev = (body: EventBody, env: Partial<EventEnvelope> = {}): RunEvent => ({ ...body, ...ROOT, ...env });

/** A root run whose block 1 calls rlm_query (call c1, which runs child run `kid`) and llm_query (c2). */
function nestedRun(): RunEvent[] {
  const kid = { runId: 'kid', parentCallId: 'c1', depth: 1 };
  return [
    ev({ type: 'run-started', at: 0, question: 'total?', context: null, settings }),
    ev({ type: 'iteration-started', iteration: 1, at: 1, forced: false }),
    ev({ type: 'response', iteration: 1, at: 2, content: 'code', thinking: '', usage: usage(100, 10), cost: 0.5, model: 'm', durationMs: 1 }),
    ev({ type: 'code-started', iteration: 1, block: 1, at: 3, code: 'rlm_query(x)', lang: 'repl' }),
    ev({ type: 'subcall-started', id: 'c1', iteration: 1, block: 1, at: 4, prompt: 'sum these', model: 's' }),
    ev({ type: 'subcall-started', id: 'c2', iteration: 1, block: 1, at: 4, prompt: 'check', model: 's' }),
    ev({ type: 'run-started', at: 5, question: 'sum these', context: null, settings }, kid),
    ev({ type: 'iteration-started', iteration: 1, at: 5, forced: false }, kid),
    ev({ type: 'response', iteration: 1, at: 6, content: 'kid code', thinking: '', usage: usage(7, 3), cost: null, model: 's', durationMs: 1 }, kid),
    ev({ type: 'code-started', iteration: 1, block: 1, at: 6, code: '1/0', lang: 'repl' }, kid),
    ev({ type: 'code-finished', iteration: 1, block: 1, at: 7, stdout: '', stderr: 'ZeroDivisionError', ok: false, durationMs: 1, variables: [] }, kid),
    ev({ type: 'final', iteration: 1, at: 8, answer: '42', via: 'FINAL' }, kid),
    ev({ type: 'subcall-finished', id: 'c2', at: 8, response: 'ok', usage: usage(20, 2), cost: 0.25, durationMs: 4 }),
    ev({ type: 'subcall-finished', id: 'c1', at: 9, response: '42', usage: usage(7, 3), cost: null, durationMs: 5 }),
    ev({ type: 'code-finished', iteration: 1, block: 1, at: 10, stdout: '42', stderr: '', ok: true, durationMs: 7, variables: ['x'] }),
    ev({ type: 'final', iteration: 1, at: 11, answer: '42', via: 'answer' }),
  ];
}

describe('tree of calls', () => {
  it('nests a child run under the sub-call that spawned it, and counts the whole subtree', () => {
    const t = replay(nestedRun())!;
    expect(Object.keys(t.runs).sort()).toEqual(['kid', 'root']);
    expect(t.subcalls.c1).toMatchObject({ childRunId: 'kid', runId: 'root', depth: 0 });
    expect(t.runs.kid).toMatchObject({ parentCallId: 'c1', depth: 1 });
    // The flat root fields the UI reads are the root's, not the child's.
    expect(t.iterations).toHaveLength(1);
    expect(t.final?.answer).toBe('42');
    expect(t.question).toBe('total?');
    const s = runStats(t);
    expect(s).toMatchObject({ iterations: 2, blocks: 2, subcalls: 2, own: { iterations: 1, blocks: 1, subcalls: 2 }, maxDepth: 1, completions: 1, finals: ['42'], errors: 1 });
    // Root call + c1 (which carries the child's cost: its iterations are not added again) + c2; c1 has no price.
    expect(s).toMatchObject({ tokensIn: 127, tokensOut: 15, cost: 0.75, costIsLowerBound: true });
    expect(runStats(t, 'kid')).toMatchObject({ iterations: 1, maxDepth: 1, errors: 1, finals: ['42'], cost: null });
  });

  it('callTree rolls tokens, cost and time up per node and puts the child run under its call', () => {
    const tree = callTree(replay(nestedRun())!)!;
    expect(tree).toMatchObject({ kind: 'run', depth: 0, tokensIn: 127, cost: 0.75, costIsLowerBound: true });
    const [iteration] = tree.children;
    expect(iteration).toMatchObject({ kind: 'iteration', label: 'Iteration 1', ms: 8, tokensIn: 127 });
    const [block] = iteration.children;
    expect(block).toMatchObject({ kind: 'block', ms: 7, tokensIn: 27, tokensOut: 5 });
    const [c1, c2] = block.children;
    expect(c2).toMatchObject({ kind: 'subcall', id: 'c2', ms: 4, cost: 0.25, children: [] });
    expect(c1.children).toHaveLength(1);
    expect(c1.children[0]).toMatchObject({ kind: 'run', id: 'kid', depth: 1, label: 'sum these' });
    expect(c1.children[0].children[0].children[0]).toMatchObject({ kind: 'block', depth: 1, status: 'error' });
  });

  it('keeps an unchanged iteration node identical while a later one streams', () => {
    const events = nestedRun();
    const t1 = replay(events)!;
    const t2 = reduceTrajectory(t1, ev({ type: 'iteration-started', iteration: 2, at: 12, forced: false }))!;
    const t3 = reduceTrajectory(t2, ev({ type: 'token', iteration: 2, channel: 'content', text: 'hi' }))!;
    expect(callTree(t3)!.children[0]).toBe(callTree(t2)!.children[0]);
    expect(callTree(t3)!.children[1]).not.toBe(callTree(t2)!.children[1]);
  });

  it('a session keeps its turns in order under one runId, iterations restarting per turn', () => {
    const turn = (n: number, answer: string): RunEvent[] => [
      ev({ type: 'run-started', at: n * 10, question: `q${n}`, context: null, settings }, { turn: n }),
      ev({ type: 'iteration-started', iteration: 1, at: n * 10 + 1, forced: false }, { turn: n }),
      ev({ type: 'iteration-started', iteration: 2, at: n * 10 + 2, forced: false }, { turn: n }),
      ev({ type: 'final', iteration: 2, at: n * 10 + 3, answer, via: 'FINAL' }, { turn: n }),
    ];
    const t = replay([...turn(0, 'a'), ...turn(1, 'b')])!;
    expect(t.turns.map((tn) => [tn.turn, tn.question, tn.iterations.length, tn.final?.answer])).toEqual([
      [0, 'q0', 2, 'a'],
      [1, 'q1', 2, 'b'],
    ]);
    expect(t.iterations.map((it) => [it.turn, it.iteration])).toEqual([[0, 1], [0, 2], [1, 1], [1, 2]]);
    expect(t.final?.answer).toBe('b');
    expect(runStats(t)).toMatchObject({ completions: 2, iterations: 4, finals: ['a', 'b'] });
    expect(callTree(t)!.children.map((c) => c.label)).toEqual(['Turn 1 · Iteration 1', 'Turn 1 · Iteration 2', 'Turn 2 · Iteration 1', 'Turn 2 · Iteration 2']);
  });

  it('a new root run replaces the trajectory; a child run or a later turn does not', () => {
    const t = replay(nestedRun())!;
    const other = reduceTrajectory(t, ev({ type: 'run-started', at: 50, question: 'new', context: null, settings }, { runId: 'other' }))!;
    expect(Object.keys(other.runs)).toEqual(['other']);
    expect(other.question).toBe('new');
  });
});

describe('swimlane', () => {
  const batch = (n: number, overlap: boolean): Trajectory => {
    const events: RunEvent[] = [
      ev({ type: 'run-started', at: 0, question: 'q', context: null, settings }),
      ev({ type: 'iteration-started', iteration: 1, at: 0, forced: false }),
      ev({ type: 'code-started', iteration: 1, block: 1, at: 0, code: 'batch', lang: 'repl' }),
    ];
    for (let i = 0; i < n; i++) {
      const at = overlap ? 10 : 10 + i * 5;
      events.push(ev({ type: 'subcall-started', id: `s${i}`, iteration: 1, block: 1, at, prompt: `p${i}`, model: 's' }));
    }
    for (let i = 0; i < n; i++) {
      const at = overlap ? 30 + i : 10 + i * 5 + 5;
      events.push(ev({ type: 'subcall-finished', id: `s${i}`, at, response: 'r', usage: usage(1, 1), cost: 0, durationMs: at - (overlap ? 10 : 10 + i * 5) }));
    }
    return replay(events)!;
  };

  it('gives 20 concurrent calls 20 overlapping bars in 20 lanes', () => {
    const lane = swimlane(batch(20, true));
    expect(lane.lanes).toBe(20);
    expect(new Set(lane.bars.map((b) => b.lane)).size).toBe(20);
    expect(lane.bars.every((b) => b.start === 10 && b.end > 10)).toBe(true);
    expect(lane).toMatchObject({ start: 10, end: 49 });
  });

  it('puts calls that follow one another in one lane', () => {
    const lane = swimlane(batch(20, false));
    expect(lane.lanes).toBe(1);
    expect(lane.bars.map((b) => [b.start, b.end]).slice(0, 2)).toEqual([[10, 15], [15, 20]]);
  });

  it('keeps zero-length calls started together apart, and shows a running call up to the latest event', () => {
    const t = replay([
      ev({ type: 'run-started', at: 0, question: 'q', context: null, settings }),
      ev({ type: 'iteration-started', iteration: 1, at: 0, forced: false }),
      ev({ type: 'code-started', iteration: 1, block: 1, at: 0, code: 'b', lang: 'repl' }),
      ev({ type: 'subcall-started', id: 'a', iteration: 1, block: 1, at: 5, prompt: 'a', model: 's' }),
      ev({ type: 'subcall-started', id: 'b', iteration: 1, block: 1, at: 5, prompt: 'b', model: 's' }),
      ev({ type: 'subcall-finished', id: 'a', at: 5, response: 'r', usage: usage(1, 1), cost: 0, durationMs: 0 }),
      ev({ type: 'notice', iteration: 1, at: 40, message: 'later' }),
    ])!;
    const lane = swimlane(t);
    expect(lane.bars.map((b) => [b.id, b.lane, b.end, b.status])).toEqual([['a', 0, 5, 'done'], ['b', 1, 40, 'running']]);
  });
});

describe('conversationAt', () => {
  it('rebuilds exactly the messages the engine sent on every call, the forced one included', async () => {
    const events: RunEvent[] = [];
    const p = new ScriptedProvider((m, i) => (m.at(-1)!.content.includes('used all your iterations') ? 'It is 5.' : i === 1 ? 'no code here' : '```repl\nprint(1)\n```'));
    const repl = new ScriptedRepl(() => ({ stdout: '1\n', variables: ['x'] }));
    await runRlm({ question: 'q?', context: null, rootModel: 'm', settings: { maxIterations: 3 } }, { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => 0 });
    const t = replay(events)!;
    expect(t.iterations.map((it) => it.forced)).toEqual([false, false, false, true]);
    expect(p.calls).toHaveLength(4);
    p.calls.forEach((sent, i) => expect(conversationAt(t, t.rootRunId, i + 1)).toEqual({ messages: sent, complete: true }));
    expect(p.calls[3][0].role).toBe('system');
    // Stored as deltas: the first call's two messages, then one or two new messages each.
    const deltas = events.flatMap((e) => (e.type === 'iteration-started' ? [e.prompt!] : []));
    expect(deltas.map((d) => [d.keep, d.add.length])).toEqual([[0, 2], [3, 1], [5, 1], [7, 2]]);
  });

  it('says when a run saved before prompts were stored can only be partly rebuilt', () => {
    const t = replay(nestedRun())!;
    expect(conversationAt(t, 'root', 1)).toEqual({ messages: [], complete: false });
    expect(conversationAt(t, 'root', 9)).toBeNull();
    expect(conversationAt(t, 'nope', 1)).toBeNull();
  });
});
