import { describe, expect, it } from 'vitest';
import { runRlm, type RunDeps } from '../loop';
import type { RunEvent } from '../events';
import { replay } from '../trajectory';
import { ScriptedProvider, ScriptedRepl } from '../testing';

function deps(provider: ScriptedProvider, repl: ScriptedRepl, extra: Partial<RunDeps> = {}) {
  const events: RunEvent[] = [];
  let t = 0;
  let id = 0;
  return {
    events,
    deps: { root: provider, sub: provider, repl, emit: (e: RunEvent) => events.push(e), now: () => (t += 10), newId: () => `n${++id}`, ...extra },
  };
}

const input = { question: 'What is the secret?', context: null, rootModel: 'root', subModel: 'sub' };

describe('runRlm', () => {
  it('runs code, feeds output back and finishes on FINAL from code', async () => {
    const p = new ScriptedProvider((_, i) => (i === 0 ? '```repl\nprint(42)\n```' : '```repl\nFINAL(42)\n```'));
    const repl = new ScriptedRepl((code) =>
      code.includes('FINAL') ? { final: { value: '42', via: 'FINAL' } } : { stdout: '42\n', variables: ['x'] },
    );
    const { events, deps: d } = deps(p, repl);
    const out = await runRlm(input, d);
    expect(out).toMatchObject({ status: 'done', answer: '42', via: 'FINAL', iterations: 2 });
    const second = p.calls[1];
    expect(second.at(-1)).toMatchObject({ role: 'user' });
    expect(second.at(-1)!.content).toContain('REPL output:\n42\nREPL variables: [x]');
    expect(second.at(-2)).toEqual({ role: 'assistant', content: '```repl\nprint(42)\n```' });
    const traj = replay(events)!;
    expect(traj.iterations).toHaveLength(2);
    expect(traj.final).toMatchObject({ answer: '42', iteration: 2 });
    expect(traj.finished?.usage.root).toMatchObject({ calls: 2, inputTokens: 20, outputTokens: 10 });
    expect(events.filter((e) => e.type === 'token').length).toBeGreaterThan(2);
  });

  it('never puts the context into a prompt, only its metadata', async () => {
    const p = new ScriptedProvider(() => 'FINAL(x)');
    const context = { name: 'big.txt', pyType: 'str', totalChars: 123456, lines: 99, bytes: 123456, head: 'HEAD', tail: 'TAIL', warnings: [] };
    await runRlm({ ...input, context, settings: { strategy: 'final' } }, deps(p, new ScriptedRepl(() => ({}))).deps);
    const first = p.calls[0][1].content;
    expect(first).toContain('Answer the following: What is the secret?');
    expect(first).toContain('123,456 total characters');
    expect(first).toContain('HEAD');
    // The default, the official package's style, tells the type and size only.
    await runRlm({ ...input, context }, deps(p, new ScriptedRepl(() => ({}))).deps);
    const official = p.calls[1][1].content;
    expect(official).toContain('Your context is a str with 123,456 total characters.');
    expect(official).not.toContain('HEAD');
  });

  it('runs code before a prose FINAL_VAR and resolves the variable', async () => {
    const p = new ScriptedProvider(() => '```repl\nres = 7\n```\nFINAL_VAR(res)');
    const repl = new ScriptedRepl(() => ({ variables: ['res'] }), { res: '7' });
    const out = await runRlm(input, deps(p, repl).deps);
    expect(repl.executed).toEqual(['res = 7']);
    expect(out).toMatchObject({ answer: '7', via: 'FINAL_VAR', iterations: 1 });
  });

  it('refuses a prose FINAL from a response whose code raised', async () => {
    const p = new ScriptedProvider((_, i) => (i === 0 ? '```repl\n1/0\n```\nFINAL(hallucinated)' : 'FINAL(real)'));
    const repl = new ScriptedRepl(() => ({ ok: false, stderr: 'ZeroDivisionError: division by zero' }));
    const { events, deps: d } = deps(p, repl);
    const out = await runRlm(input, d);
    expect(out.answer).toBe('real');
    expect(out.iterations).toBe(2);
    expect(p.calls[1].at(-1)!.content).toContain('Your FINAL was not accepted');
    expect(events.some((e) => e.type === 'notice')).toBe(true);
  });

  it('tells the model when FINAL_VAR names a missing variable', async () => {
    const p = new ScriptedProvider((_, i) => (i === 0 ? 'FINAL_VAR(nope)' : 'FINAL(ok)'));
    const out = await runRlm(input, deps(p, new ScriptedRepl(() => ({}))).deps);
    expect(out.answer).toBe('ok');
    expect(p.calls[1].at(-1)!.content).toContain('no variable named nope');
  });

  it('forces one last answer without code when iterations run out', async () => {
    const p = new ScriptedProvider((m) => (m.at(-1)!.content.includes('used all your iterations') ? 'It is 5.' : 'thinking about it'));
    const repl = new ScriptedRepl(() => ({}));
    const { events, deps: d } = deps(p, repl);
    const out = await runRlm({ ...input, settings: { maxIterations: 3 } }, d);
    expect(out).toMatchObject({ answer: 'It is 5.', via: 'forced', iterations: 4 });
    expect(repl.executed).toEqual([]);
    expect(p.calls).toHaveLength(4);
    expect(p.calls[1].at(-1)!.content).toContain('no ```repl code block');
    // Nothing ran, so the next turn's note must not send the model to REPL output that does not exist.
    expect(p.calls[1].at(-1)!.content).not.toContain('REPL output above');
    expect(p.calls[1].at(-1)!.content).toContain('Turn 2/3: nothing ran in your last turn, so there is no new REPL output.');
    const iters = events.filter((e) => e.type === 'iteration-started');
    expect(iters.at(-1)).toMatchObject({ forced: true, iteration: 4 });
  });

  it('truncates long block output to the configured size', async () => {
    const p = new ScriptedProvider((_, i) => (i === 0 ? '```repl\nprint(big)\n```' : 'FINAL(done)'));
    const repl = new ScriptedRepl(() => ({ stdout: 'y'.repeat(30_000) }));
    await runRlm({ ...input, settings: { maxOutputChars: 20_000 } }, deps(p, repl).deps);
    const fb = p.calls[1].at(-1)!.content;
    expect(fb).toContain('... + [10,000 chars...]');
    expect(fb.length).toBeLessThan(20_400);
  });

  it('serves llm_query through the sub provider and records each sub-call', async () => {
    const root = new ScriptedProvider(() => '```repl\nx = llm_query("hi")\nFINAL(x)\n```');
    const sub = new ScriptedProvider(() => 'sub says hi');
    const repl = new ScriptedRepl(async (_code, o) => {
      const answers = await Promise.all(['a', 'b', 'c'].map((q) => o.onSubcall({ prompt: q }, new AbortController().signal)));
      return { final: { value: answers.join(','), via: 'FINAL' } };
    });
    const { events, deps: d } = deps(root, repl, { sub });
    const out = await runRlm(input, d);
    expect(out.answer).toBe('sub says hi,sub says hi,sub says hi');
    expect(out.usage.sub.calls).toBe(3);
    const traj = replay(events)!;
    expect(Object.values(traj.subcalls).map((s) => s.model)).toEqual(['sub', 'sub', 'sub']);
    expect(traj.iterations[0].blocks[0].subcalls).toHaveLength(3);
  });

  it('turns a failing sub-call into an "Error:" string for the code', async () => {
    const root = new ScriptedProvider(() => '```repl\nx\n```');
    const sub = new ScriptedProvider(() => new Error('boom'));
    let seen = '';
    const repl = new ScriptedRepl(async (_c, o) => {
      seen = await o.onSubcall({ prompt: 'q' }, new AbortController().signal);
      return { final: { value: seen, via: 'FINAL' } };
    });
    await runRlm(input, deps(root, repl, { sub }).deps);
    expect(seen).toBe('Error: boom');
  });

  it('keeps what happened before a failed root call and says which call failed', async () => {
    const p = new ScriptedProvider((_, i) => (i === 0 ? '```repl\nprint(1)\n```' : new Error('server exploded')));
    const { events, deps: d } = deps(p, new ScriptedRepl(() => ({ stdout: '1' })));
    const out = await runRlm(input, d);
    expect(out.status).toBe('error');
    const traj = replay(events)!;
    expect(traj.iterations[0].blocks[0].stdout).toBe('1');
    expect(traj.error).toMatchObject({ message: 'server exploded', where: 'root model call (root) in iteration 2' });
    expect(traj.status).toBe('error');
  });

  it('stops when the signal aborts', async () => {
    const ac = new AbortController();
    const p = new ScriptedProvider(() => '```repl\nwhile True: pass\n```');
    const repl = new ScriptedRepl(() => {
      ac.abort();
      return { ok: false, stderr: 'KeyboardInterrupt' };
    });
    const out = await runRlm(input, deps(p, repl, { signal: ac.signal }).deps);
    expect(out.status).toBe('stopped');
    expect(p.calls).toHaveLength(1);
  });
});
