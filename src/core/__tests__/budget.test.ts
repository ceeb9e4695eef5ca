import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps, type RunInput } from '../loop';
import type { EventOf, RunEvent } from '../events';
import type { ChatMessage, ModelInfo } from '../types';
import { replay } from '../trajectory';
import { CommandRepl, ScriptedProvider } from '../testing';

const last = (m: ChatMessage[]) => m.at(-1)!.content;
const isForced = (m: ChatMessage[]) => /run must end now|used all your iterations/.test(last(m));

/** A root model that writes `code` every turn (with a numbered line of prose) and answers "forced answer" when forced. */
function looping(code: string) {
  return new ScriptedProvider((m, i) => (isForced(m) ? 'forced answer' : `step ${i + 1}\n\`\`\`repl\n${code}\n\`\`\``));
}

function setup(root: ScriptedProvider, repl = new CommandRepl(), extra: Partial<RunDeps> = {}) {
  const events: RunEvent[] = [];
  const sub = new ScriptedProvider((m) => `sub:${m[0].content}`);
  let id = 0;
  const deps: RunDeps = {
    root,
    sub,
    repl,
    emit: (e) => events.push(e),
    newId: () => `n${++id}`,
    spawnRepl: async ({ context }) => new CommandRepl(context),
    ...extra,
  };
  return { events, sub, deps, repl };
}

// The 'final' strategy previews the context in the first message, which these scripted models read.
const input = (settings: RunInput['settings']): RunInput => ({ question: 'q', context: null, rootModel: 'root', subModel: 'sub', settings: { strategy: 'final', ...settings } });
const finished = (events: RunEvent[]) => events.filter((e): e is EventOf<'run-finished'> => e.type === 'run-finished');
const notices = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));

describe('budgets', () => {
  it('maxSubcalls: the call over budget gets the error string, the run ends after the block with a forced answer', async () => {
    const root = looping('llm a\nllm b\nllm c');
    const { events, sub, deps } = setup(root);
    const out = await runRlm(input({ maxSubcalls: 2 }), deps);
    expect(out).toMatchObject({ status: 'done', reason: 'subcalls', answer: 'forced answer', via: 'forced', iterations: 2 });
    expect(sub.calls).toHaveLength(2);
    expect(root.calls[1].at(-2)!.content).toContain('Error: sub-call budget exhausted (2 of 2 used)');
    expect(last(root.calls[1])).toContain('sub-call budget exhausted');
    expect(replay(events)!.finished?.reason).toBe('subcalls');
  });

  it('maxSubcalls is a total over the tree: a child draws from what its parent left', async () => {
    const root = new ScriptedProvider((m) => {
      if (isForced(m)) return 'forced answer';
      return m[1].content.includes('CHILD') ? '```repl\nllm a\nllm b\n```' : '```repl\nllm first\nrlm CHILD\n```';
    });
    const { events, sub, deps } = setup(root);
    const out = await runRlm(input({ maxSubcalls: 3, maxDepth: 2 }), deps);
    expect(sub.calls.map((m) => m[0].content)).toEqual(['first', 'a']);
    // The child's block asked for "b" over budget: the child ends with 'subcalls' at once (its caller gets an
    // error, so no forced call: it had no prose), then the root ends with a forced answer.
    expect(finished(events).map((e) => [e.depth, e.reason, e.answer])).toEqual([
      [1, 'subcalls', '(No answer: the run ended before the model answered: sub-call budget exhausted (3 of 3 used).)'],
      [0, 'subcalls', 'forced answer'],
    ]);
    expect(out.reason).toBe('subcalls');
    expect(root.calls).toHaveLength(3); // root turn, child turn, root forced: no second root turn
  });

  it('a block that answers wins over a budget it tripped', async () => {
    const { deps } = setup(looping('llm a\nllm b\nfinal'));
    expect(await runRlm(input({ maxSubcalls: 1 }), deps)).toMatchObject({ reason: 'answered', answer: 'sub:a,Error: sub-call budget exhausted (1 of 1 used)' });
  });

  it('answer["content"] is the partial answer when the model set one', async () => {
    const root = looping('answer half done\nllm a\nllm b');
    const { deps } = setup(root);
    const out = await runRlm(input({ maxSubcalls: 1 }), deps);
    expect(out).toMatchObject({ reason: 'subcalls', answer: 'half done', via: 'answer' });
    expect(root.calls).toHaveLength(1); // no forced call needed
  });

  it('maxTokens: trips at the limit, counting sub-calls, and ends with the last prose (no further call)', async () => {
    const root = looping('llm a');
    const { sub, deps } = setup(root);
    // Each call is 15 tokens: root 1 + sub 1 = 30, root 2 + sub 2 = 60 ≥ 50.
    const out = await runRlm(input({ maxTokens: 50 }), deps);
    expect(out).toMatchObject({ reason: 'tokens', answer: 'step 2', via: 'forced', status: 'done' });
    expect(root.calls).toHaveLength(2);
    expect(sub.calls).toHaveLength(2);
  });

  it('maxTokens: once tripped, later sub-calls in the same block are refused without a call', async () => {
    const root = looping('llm a\nllm b');
    const { sub, deps, events } = setup(root);
    const out = await runRlm(input({ maxTokens: 20 }), deps);
    expect(sub.calls).toHaveLength(1);
    expect(root.calls).toHaveLength(1);
    expect(out).toMatchObject({ reason: 'tokens', answer: 'step 1' });
    expect(Object.values(replay(events)!.subcalls).map((c) => c.error ?? 'ok')).toEqual(['ok', 'token budget exhausted (30 of 20 tokens used); no more calls']);
  });

  it('maxCostUsd: trips on the priced calls; an unknown price is said in a notice and never trips', async () => {
    const priced = setup(looping('print x'), new CommandRepl(), { price: () => 0.01 });
    const out = await runRlm(input({ maxCostUsd: 0.025 }), priced.deps);
    expect(out).toMatchObject({ reason: 'cost', answer: 'step 3' });
    expect(priced.deps.root).toHaveProperty('calls.length', 3);
    const unpriced = setup(looping('print x'), new CommandRepl(), { price: () => null });
    const out2 = await runRlm(input({ maxCostUsd: 0.025, maxIterations: 4 }), unpriced.deps);
    expect(out2).toMatchObject({ reason: 'iterations', answer: 'forced answer' });
    expect(notices(unpriced.events).filter((n) => n.includes('price of root is unknown'))).toHaveLength(1);
  });

  it('maxWallMs: interrupts a block that never ends, via the signal, and returns answer["content"]', async () => {
    const root = looping('answer partial result\nhang');
    const { events, deps } = setup(root);
    const t0 = Date.now();
    const out = await runRlm(input({ maxWallMs: 150 }), deps);
    const ms = Date.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1000);
    expect(out).toMatchObject({ status: 'done', reason: 'wall-time', answer: 'partial result', via: 'answer' });
    expect(events.find((e) => e.type === 'code-finished')).toMatchObject({ ok: false, stderr: 'KeyboardInterrupt' });
    expect(root.calls).toHaveLength(1);
  });

  it('maxWallMs inside a child stops the tree with wall-time, and the last prose when no answer was set', async () => {
    const root = new ScriptedProvider((m) => (m[1].content.includes('CHILD') ? 'child prose\n```repl\nhang\n```' : 'root prose\n```repl\nrlm CHILD\n```'));
    const { events, deps } = setup(root);
    const out = await runRlm(input({ maxWallMs: 100, maxDepth: 2 }), deps);
    expect(out).toMatchObject({ reason: 'wall-time', answer: 'root prose' });
    expect(finished(events).map((e) => [e.depth, e.reason, e.answer])).toEqual([
      [1, 'wall-time', 'child prose'],
      [0, 'wall-time', 'root prose'],
    ]);
  });

  it('maxErrors: consecutive failing iterations end the run with a forced answer; a clean one resets the count', async () => {
    const root = new ScriptedProvider((m, i) => (isForced(m) ? 'forced answer' : i === 1 ? '```repl\nprint ok\n```' : '```repl\nfail\n```'));
    const { deps } = setup(root);
    const out = await runRlm(input({ maxErrors: 2 }), deps);
    // fail, ok, fail, fail → stop after the 4th iteration.
    expect(out).toMatchObject({ reason: 'errors', answer: 'forced answer', iterations: 5 });
  });

  it('iterations and answered are reasons too', async () => {
    const a = setup(looping('print x'));
    expect(await runRlm(input({ maxIterations: 2 }), a.deps)).toMatchObject({ reason: 'iterations', via: 'forced' });
    const b = setup(new ScriptedProvider(() => '```repl\nfinal 7\n```'));
    expect(await runRlm(input({}), b.deps)).toMatchObject({ reason: 'answered', answer: '7' });
  });
});

class WindowedProvider extends ScriptedProvider {
  readonly described: string[] = [];
  async describeModel(name: string): Promise<ModelInfo> {
    this.described.push(name);
    return { name, contextLength: 100 };
  }
}

describe('window check and cache', () => {
  it('a sub-call whose prompt cannot fit the window fails at once with a readable message', async () => {
    const big = 'x'.repeat(1000);
    const root = new ScriptedProvider(() => `\`\`\`repl\nllm ${big}\nllm small\nfinal\n\`\`\``);
    const sub = new WindowedProvider(() => 'fits');
    const { deps } = setup(root, new CommandRepl(), { sub });
    const out = await runRlm(input({}), deps);
    expect(out.answer).toBe("Error: prompt is ~250 tokens; model sub's window is 100 tokens. Split it into smaller pieces.,fits");
    expect(sub.calls).toHaveLength(1);
    expect(sub.described).toEqual(['sub']); // asked once per model
  });

  it('serves an identical sub-call from the cache, marked cached with the tokens saved', async () => {
    const code = '```repl\nllm a\nllm a\nllm b\nrlmb a|a\nfinal\n```';
    const on = setup(new ScriptedProvider(() => code));
    const out = await runRlm(input({ subcallCache: true }), on.deps);
    expect(out.answer).toBe('sub:a,sub:a,sub:b,sub:a,sub:a');
    expect(on.sub.calls.map((m) => m[0].content)).toEqual(['a', 'b']);
    const done = on.events.filter((e): e is EventOf<'subcall-finished'> => e.type === 'subcall-finished');
    expect(done.map((e) => e.cached ?? false)).toEqual([false, true, false, true, true]);
    expect(done[1]).toMatchObject({ savedTokens: 15, usage: { inputTokens: 0, outputTokens: 0 } });
    expect(replay(on.events)!.subcalls[done[1].id]).toMatchObject({ cached: true, savedTokens: 15 });
    const off = setup(new ScriptedProvider(() => code));
    await runRlm(input({}), off.deps);
    expect(off.sub.calls).toHaveLength(5);
  });
});
