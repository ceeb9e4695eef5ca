import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps, type RunInput } from '../loop';
import type { EventOf, RunEvent } from '../events';
import type { ChatMessage } from '../types';
import { replay } from '../trajectory';
import { runStats } from '../tree';
import { CommandRepl, ScriptedProvider } from '../testing';

/** The first user message: where a child's context (its prompt) is previewed. */
const first = (m: ChatMessage[]) => m[1].content;

/** Root asks one child; the child asks a grandchild and the sub-model; the grandchild answers. */
function treeProvider() {
  return new ScriptedProvider((m) => {
    if (first(m).includes('DEPTH2:')) return '```repl\nfinal leaf\n```';
    if (first(m).includes('DEPTH1:')) return '```repl\nrlm DEPTH2:go\nllm hello\nfinal\n```';
    return '```repl\nrlm DEPTH1:go\nfinal\n```';
  });
}

function setup(root: ScriptedProvider, extra: Partial<RunDeps> = {}) {
  const events: RunEvent[] = [];
  const repls: CommandRepl[] = [];
  let id = 0;
  const sub = new ScriptedProvider((m) => `sub:${m[0].content}`);
  const deps: RunDeps = {
    root,
    sub,
    repl: new CommandRepl(),
    emit: (e) => events.push(e),
    newId: () => `n${++id}`,
    price: () => 0.01,
    spawnRepl: async ({ context }) => {
      const r = new CommandRepl(context);
      repls.push(r);
      return r;
    },
    ...extra,
  };
  return { events, repls, sub, deps };
}

// The 'final' strategy previews the context in the first message, which these scripted models read.
const input = (settings: RunInput['settings']): RunInput => ({ question: 'top', context: null, rootModel: 'root', subModel: 'sub', settings: { strategy: 'final', ...settings } });
const starts = (events: RunEvent[]) => events.filter((e): e is EventOf<'run-started'> => e.type === 'run-started');

describe('recursion', () => {
  it('depth 3: child and grandchild runs nest under the sub-calls that spawned them, usage and cost rolled up', async () => {
    const { events, repls, deps } = setup(treeProvider());
    const out = await runRlm(input({ maxDepth: 3 }), deps);
    expect(out).toMatchObject({ status: 'done', reason: 'answered', answer: 'leaf,sub:hello' });
    const runs = starts(events);
    expect(runs.map((r) => r.depth)).toEqual([0, 1, 2]);
    const rlmCalls = events.filter((e): e is EventOf<'subcall-started'> => e.type === 'subcall-started' && e.kind === 'rlm');
    expect(rlmCalls.map((c) => [c.depth, c.prompt])).toEqual([[0, 'DEPTH1:go'], [1, 'DEPTH2:go']]);
    expect(runs[1].parentCallId).toBe(rlmCalls[0].id);
    expect(runs[2].parentCallId).toBe(rlmCalls[1].id);
    expect(runs[1].context).toMatchObject({ pyType: 'str', totalChars: 'DEPTH1:go'.length, head: 'DEPTH1:go' });
    expect(repls.map((r) => [r.context, r.disposed])).toEqual([['DEPTH1:go', true], ['DEPTH2:go', true]]);
    // 3 root calls (one per run) + 1 llm_query in the child, 10 in / 5 out and $0.01 each.
    expect(out.usage.root).toMatchObject({ calls: 1, inputTokens: 10 });
    expect(out.usage.sub).toMatchObject({ calls: 3, inputTokens: 30, outputTokens: 15 });
    const traj = replay(events)!;
    const stats = runStats(traj);
    expect(stats).toMatchObject({ tokensIn: 40, tokensOut: 20, maxDepth: 2, iterations: 3, subcalls: 3 });
    expect(stats.cost).toBeCloseTo(0.04);
    expect(traj.subcalls[rlmCalls[0].id].childRunId).toBe(runs[1].runId);
    expect(traj.runs[runs[2].runId].turns[0].finished?.reason).toBe('answered');
  });

  it('depth 2: the child is at the limit, so its rlm_query is a plain sub-call, and each system prompt says which', async () => {
    const root = treeProvider();
    const { events, deps, sub } = setup(root);
    const out = await runRlm(input({ maxDepth: 2 }), deps);
    expect(out.answer).toBe('sub:DEPTH2:go,sub:hello');
    expect(starts(events).map((r) => r.depth)).toEqual([0, 1]);
    expect(sub.calls.map((m) => m[0].content)).toEqual(['DEPTH2:go', 'hello']);
    expect(root.calls[0][0].content).toContain('`rlm_query(prompt, model=None) -> str` starts a child RLM');
    expect(root.calls[1][0].content).toContain('already at the depth limit (2)');
    expect(starts(events)[0].settings).toMatchObject({ maxDepth: 2, childConcurrency: 4, subcallCache: false, maxTokens: null });
  });

  it('default max depth 1 (or no REPL factory): rlm_query answers as llm_query and the prompt says recursion is off', async () => {
    const cases: [RunInput['settings'], Partial<RunDeps>][] = [[{}, {}], [{ maxDepth: 3 }, { spawnRepl: undefined }]];
    for (const [settings, extra] of cases) {
      const root = treeProvider();
      const { events, deps } = setup(root, extra);
      const out = await runRlm(input(settings), deps);
      expect(out.answer).toBe('sub:DEPTH1:go');
      expect(starts(events)).toHaveLength(1);
      expect(root.calls[0][0].content).toContain('recursion is off');
    }
  });

  it('runs children concurrently up to childConcurrency', async () => {
    const measure = async (childConcurrency: number | undefined) => {
      let active = 0;
      let peak = 0;
      const root = new ScriptedProvider((m) =>
        first(m).includes('DEPTH1:') ? '```repl\nsleep 40\nfinal ok\n```' : '```repl\nrlmb DEPTH1:a|DEPTH1:b|DEPTH1:c|DEPTH1:d|DEPTH1:e|DEPTH1:f\nfinal\n```',
      );
      const { deps } = setup(root, {
        spawnRepl: async ({ context }) => {
          peak = Math.max(peak, ++active);
          const r = new CommandRepl(context);
          r.dispose = async () => void active--;
          return r;
        },
      });
      const t0 = Date.now();
      const out = await runRlm(input({ maxDepth: 2, childConcurrency }), deps);
      expect(out.answer).toBe('ok,ok,ok,ok,ok,ok');
      return { peak, ms: Date.now() - t0 };
    };
    const two = await measure(2);
    const dflt = await measure(undefined);
    const one = await measure(1);
    expect(two.peak).toBe(2);
    expect(dflt.peak).toBe(4);
    expect(one.peak).toBe(1);
    expect(one.ms).toBeGreaterThan(dflt.ms); // 6 × 40 ms one at a time vs two rounds of 40 ms
  });

  it("a REPL that hosts one child at a time (the sandbox's SAB bridge) gets its children one at a time, grandchildren too", async () => {
    let active = 0;
    let peak = 0;
    const root = new ScriptedProvider((m) => {
      if (first(m).includes('DEPTH2:')) return '```repl\nsleep 20\nfinal leaf\n```';
      if (first(m).includes('DEPTH1:')) return '```repl\nrlmb DEPTH2:x|DEPTH2:y|DEPTH2:z\nfinal\n```';
      return '```repl\nrlmb DEPTH1:a|DEPTH1:b|DEPTH1:c\nfinal\n```';
    });
    const oneAtATime = <T extends CommandRepl>(r: T): T => Object.assign(r, { maxChildren: 1 });
    const { deps } = setup(root, {
      repl: oneAtATime(new CommandRepl()),
      spawnRepl: async ({ context }) => {
        const r = oneAtATime(new CommandRepl(context));
        if (context.startsWith('DEPTH2:')) peak = Math.max(peak, ++active);
        r.dispose = async () => void (context.startsWith('DEPTH2:') && active--);
        return r;
      },
    });
    const out = await runRlm(input({ maxDepth: 3, childConcurrency: 4 }), deps);
    expect(out.status).toBe('done');
    expect(peak).toBe(1);
  });

  it('Stop during a grandchild stops the whole tree', async () => {
    const ac = new AbortController();
    const root = new ScriptedProvider((m) => {
      if (first(m).includes('DEPTH2:')) return '```repl\nhang\n```';
      if (first(m).includes('DEPTH1:')) return '```repl\nrlm DEPTH2:go\nfinal\n```';
      return '```repl\nrlm DEPTH1:go\nfinal\n```';
    });
    const { events, repls, deps } = setup(root, { signal: ac.signal });
    deps.emit = (e) => {
      events.push(e);
      if (e.type === 'code-started' && e.depth === 2) setTimeout(() => ac.abort(), 5);
    };
    const t0 = Date.now();
    const out = await runRlm(input({ maxDepth: 3 }), deps);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(out).toMatchObject({ status: 'stopped', reason: 'stopped', answer: null });
    const finished = events.filter((e) => e.type === 'run-finished');
    expect(finished.map((e) => [e.depth, e.type === 'run-finished' && e.reason])).toEqual([[2, 'stopped'], [1, 'stopped'], [0, 'stopped']]);
    expect(root.calls).toHaveLength(3);
    expect(repls.every((r) => r.disposed)).toBe(true);
  });

  it('a child whose REPL cannot be made answers "Error: …" to the code', async () => {
    const root = new ScriptedProvider(() => '```repl\nrlm DEPTH1:go\nfinal\n```');
    const { deps } = setup(root, { spawnRepl: async () => Promise.reject(new Error('no worker left')) });
    const out = await runRlm(input({ maxDepth: 2 }), deps);
    expect(out.answer).toBe('Error: no worker left');
  });
});
