import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps } from '../loop';
import { resumePoint } from '../fork';
import type { ReplayMismatch } from '../replay';
import { CommandRepl, ScriptedProvider, ScriptedRepl } from '../testing';
import type { EventOf, RunEvent } from '../events';
import type { Repl } from '../types';

const SCRIPT = ['```repl\nllm The secret number is 7\nprint a\n```', '```repl\nprint b\n```', '```repl\nfinal done\n```'];

function providers() {
  // By assistant turn, as the fake LLM server's scripted models: a fork's first call is iteration k's.
  const root = new ScriptedProvider((m) => SCRIPT[m.filter((x) => x.role === 'assistant').length] ?? '```repl\nfinal late\n```');
  const sub = new ScriptedProvider(() => '7');
  return { root, sub };
}

async function record(repl: Repl = new CommandRepl('ctx')) {
  const { root, sub } = providers();
  const events: RunEvent[] = [];
  let ids = 0;
  const deps: RunDeps = { root, sub, repl, emit: (e) => e.type !== 'token' && events.push(e), now: () => 0, newId: () => `p${++ids}` };
  await runRlm({ question: 'q', context: null, rootModel: 'm', runId: 'parent' }, deps);
  return { events, root, sub };
}

async function fork(parent: RunEvent[], req: Parameters<typeof resumePoint>[1], repl: Repl, decide?: RunDeps['decideMismatch']) {
  const r = resumePoint(parent, req);
  if (!r.ok) throw new Error(r.message);
  const { root, sub } = providers();
  const events: RunEvent[] = [];
  let ids = 0;
  const deps: RunDeps = { root, sub, repl, emit: (e) => e.type !== 'token' && events.push(e), now: () => 0, newId: () => `f${++ids}`, ...(decide ? { decideMismatch: decide } : {}) };
  const out = await runRlm({ question: 'q', context: null, rootModel: 'm', runId: 'fork', resume: r.point }, deps);
  return { events, root, sub, out };
}

const of = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe('fork from iteration 2', () => {
  it('replays iteration 1 with the recorded sub-call answer and no model call, then calls the model from iteration 2', async () => {
    const parent = await record();
    const repl = new CommandRepl('ctx');
    const f = await fork(parent.events, { iteration: 2 }, repl);
    expect(f.sub.calls).toHaveLength(0);
    expect(f.root.calls).toHaveLength(2);
    // What iteration 2 was sent is what the parent sent it.
    expect(f.root.calls[0]).toEqual(parent.root.calls[1]);
    expect(repl.executed[0]).toBe('llm The secret number is 7\nprint a');
    const started = of(f.events, 'iteration-started');
    expect(started.map((e) => [e.iteration, e.replayed ?? false])).toEqual([[1, true], [2, false], [3, false]]);
    const parentOut = of(parent.events, 'code-finished').find((e) => e.iteration === 1)!.stdout;
    expect(of(f.events, 'code-finished').find((e) => e.iteration === 1)!.stdout).toBe(parentOut);
    expect(of(f.events, 'subcall-finished')[0]).toMatchObject({ response: '7', cost: 0 });
    expect(of(f.events, 'run-started')[0].forkOf).toEqual({ runId: 'parent', iteration: 2 });
    expect(f.out.answer).toBe('done');
    expect(f.out.usage.sub.calls).toBe(0);
    expect(f.out.usage.root.calls).toBe(2);
    expect(of(f.events, 'notice').some((n) => /mismatch/.test(n.message))).toBe(false);
  });

  it('runs an edited block of iteration k from the recorded response, without a call for k', async () => {
    const parent = await record();
    const f = await fork(parent.events, { iteration: 2, edits: { 1: 'print edited' } }, new CommandRepl('ctx'));
    expect(f.root.calls).toHaveLength(1);
    const code = of(f.events, 'code-started').find((e) => e.iteration === 2)!;
    expect(code).toMatchObject({ code: 'print edited', original: 'print b' });
    // The next call sees the edited code's output.
    expect(f.root.calls[0].at(-1)!.content).toContain('edited');
  });

  it('refuses an iteration the run does not have, and a block the iteration does not have', async () => {
    const parent = await record();
    expect(resumePoint(parent.events, { iteration: 9 })).toMatchObject({ ok: false, message: expect.stringMatching(/no iteration 9/) });
    expect(resumePoint(parent.events, { iteration: 2, edits: { 4: 'x' } })).toMatchObject({ ok: false, message: expect.stringMatching(/no block 4/) });
  });
});

/** A REPL whose output changes on every run, like code printing time or random. */
function drifting(): Repl {
  let n = 0;
  return new ScriptedRepl(async (code, opts) => {
    if (code.startsWith('llm')) await opts.onSubcall({ prompt: 'The secret number is 7' }, new AbortController().signal);
    if (code.includes('final')) return { final: { value: 'done', via: 'FINAL' } };
    return { stdout: `t=${++n}` };
  });
}

describe('replay mismatch', () => {
  it('is not reported when the replay prints what the record has', async () => {
    const parent = await record(drifting());
    const seen: ReplayMismatch[] = [];
    const f = await fork(parent.events, { iteration: 3 }, drifting(), async (m) => (seen.push(m), 'stop'));
    expect(seen).toEqual([]);
    expect(f.out.answer).toBe('done');
  });

  it('is reported when a replayed block prints something else, and goes on when the user says so', async () => {
    const parent = await record(drifting());
    const repl = drifting();
    await repl.exec('warm up', { timeoutMs: 1, onSubcall: async () => '' }); // shifts the counter: every output differs
    const seen: ReplayMismatch[] = [];
    const stopped = await fork(parent.events, { iteration: 3 }, repl, async (m) => (seen.push(m), 'stop'));
    expect(seen[0]).toMatchObject({ iteration: 1, block: 1, recorded: { stdout: 't=1' }, replayed: { stdout: 't=2' } });
    expect(stopped.out.status).toBe('stopped');
    expect(stopped.root.calls).toHaveLength(0);
    expect(of(stopped.events, 'notice').some((n) => /Replay mismatch in iteration 1, block 1/.test(n.message))).toBe(true);

    const repl2 = drifting();
    await repl2.exec('warm up', { timeoutMs: 1, onSubcall: async () => '' });
    const goOn = await fork(parent.events, { iteration: 3 }, repl2, async () => 'continue');
    expect(goOn.out.status).toBe('done');
    expect(goOn.root.calls).toHaveLength(1);
  });
});
