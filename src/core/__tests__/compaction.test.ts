import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { runEventListSchema } from '../event-schema';
import { replay } from '../trajectory';
import { COMPACTION_PROMPT, compactedHistory, compactionMessages, needsCompaction, rootWindow } from '../compaction';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import type { ChatMessage, ExecOptions } from '../types';

/** A REPL that can hold `history`, as the sandbox will. */
class VarRepl extends ScriptedRepl {
  readonly set: Record<string, unknown> = {};
  async setVar(name: string, value: unknown): Promise<void> {
    this.set[name] = JSON.parse(JSON.stringify(value));
  }
}

const BIG = 'x'.repeat(1600);

/** Counts in code, printing a lot; summarises when asked; answers once it has been compacted. */
function scripted() {
  return new ScriptedProvider((messages) => {
    const last = messages.at(-1)!.content;
    if (last === COMPACTION_PROMPT) return 'SUMMARY: counted chunks 1-3, running total 42 in `total`.';
    if (messages.some((m) => m.content.includes('has been compacted'))) return '```repl\nFINAL(total)\n```';
    return '```repl\nprint(big_chunk())\n```';
  });
}

function repl<T extends ScriptedRepl>(R: new (h: (code: string, o: ExecOptions) => object) => T): T {
  return new R((code) => (code.includes('FINAL') ? { final: { value: '42', via: 'FINAL' } } : { stdout: BIG, variables: ['total'] }));
}

function run(r: ScriptedRepl, numCtx: number, compactAt?: number) {
  const p = scripted();
  const events: RunEvent[] = [];
  let t = 0;
  const settings = { numCtx, maxIterations: 12, strategy: 'final' as const, ...(compactAt !== undefined ? { compactAt } : {}) };
  const done = runRlm(
    { question: 'Total?', context: null, rootModel: 'root', settings },
    { root: p, sub: p, repl: r, emit: (e) => events.push(e), now: () => (t += 5), newId: () => `id${t}` },
  );
  return { p, events, done };
}

describe('compaction', () => {
  it('summarises a long run past 85% of a small window, keeps `history`, and still answers', async () => {
    const r = repl(VarRepl);
    const { p, events, done } = run(r, 2000);
    const out = await done;
    expect(out).toMatchObject({ status: 'done', answer: '42' });

    const ev = events.filter((e) => e.type === 'compaction');
    expect(ev).toHaveLength(1);
    const c = ev[0];
    expect(c.window).toBe(2000);
    expect(c.beforeTokens).toBeGreaterThanOrEqual(0.85 * 2000);
    expect(c.afterTokens).toBeLessThan(c.beforeTokens);
    expect(c.summary).toContain('running total 42');

    // The summary request went to the root model with the whole history, then the run went on from the summary.
    const summaryCall = p.calls.findIndex((m) => m.at(-1)!.content === COMPACTION_PROMPT);
    expect(summaryCall).toBeGreaterThan(0);
    const next = p.calls[summaryCall + 1];
    expect(next.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(next[2].content).toContain('SUMMARY');
    expect(next[3].content).toContain('`history`');
    expect(next[3].content).toMatch(/Turn \d+\/12/);

    // The full history is in the REPL: every message before the summary, then the summary.
    const history = r.set.history as Array<ChatMessage | { type: string; content: string }>;
    expect(history).toHaveLength(p.calls[summaryCall].length - 1 + 1);
    expect(history.at(-1)).toEqual({ type: 'summary', content: c.summary });
    expect(history.filter((h) => 'role' in h && h.content.includes(BIG)).length).toBeGreaterThan(0);

    // The summary call is a root call in the run's totals.
    const finished = events.find((e) => e.type === 'run-finished')!;
    expect(finished.type === 'run-finished' && finished.usage.root.calls).toBe(p.calls.length);

    // Folded onto the iteration it followed, and valid against the stored-event schema.
    const traj = replay(events)!;
    const it = traj.iterations.find((i) => i.iteration === c.iteration)!;
    expect(it.compaction).toMatchObject({ beforeTokens: c.beforeTokens, afterTokens: c.afterTokens, summary: c.summary });
    expect(traj.iterations.filter((i) => i.compaction)).toHaveLength(1);
    expect(v.safeParse(runEventListSchema, events).success).toBe(true);
  });

  it('does not compact when the window is large, or when compactAt is 0', async () => {
    for (const [numCtx, compactAt] of [[1_000_000, undefined], [2000, 0]] as const) {
      const { p, events, done } = run(repl(VarRepl), numCtx, compactAt);
      const out = await done;
      expect(events.some((e) => e.type === 'compaction')).toBe(false);
      expect(p.calls.some((m) => m.at(-1)!.content === COMPACTION_PROMPT)).toBe(false);
      // Never told it was compacted, the scripted model never answers: the run ends on the forced answer.
      expect(out.via).toBe('forced');
    }
  });

  it('without Repl.setVar, compacts anyway and says `history` is not available', async () => {
    const { p, events, done } = run(repl(ScriptedRepl), 2000);
    expect((await done).answer).toBe('42');
    expect(events.some((e) => e.type === 'notice' && e.message.includes('not available as `history`'))).toBe(true);
    const next = p.calls[p.calls.findIndex((m) => m.at(-1)!.content === COMPACTION_PROMPT) + 1];
    expect(next[3].content).toContain('no longer available');
  });

  it('a failing summary call leaves the history whole and the run going', async () => {
    let failed = 0;
    const p = new ScriptedProvider((m) => {
      if (m.at(-1)!.content !== COMPACTION_PROMPT) return '```repl\nprint(1)\n```';
      failed++;
      return new Error('server down');
    });
    const events: RunEvent[] = [];
    const out = await runRlm(
      { question: 'Q', context: null, rootModel: 'root', settings: { numCtx: 600, maxIterations: 4, strategy: 'final' } },
      { root: p, sub: p, repl: repl(VarRepl), emit: (e) => events.push(e) },
    );
    expect(out.status).toBe('done');
    expect(failed).toBe(1);
    expect(events.some((e) => e.type === 'notice' && e.message.includes('Compaction failed (server down)'))).toBe(true);
  });
});

describe('compaction helpers', () => {
  const msgs = (chars: number): ChatMessage[] => [{ role: 'system', content: 's'.repeat(chars) }];

  it('needsCompaction compares estimated tokens (chars / 4) with the threshold share of the window', () => {
    expect(needsCompaction(msgs(3400), 1000, 0.85)).toBe(true); // 850 tokens
    expect(needsCompaction(msgs(3396), 1000, 0.85)).toBe(false); // 849
    expect(needsCompaction(msgs(100_000), 1000, 0)).toBe(false);
  });

  it('compactionMessages appends the request; compactedHistory keeps the first two messages', () => {
    const m: ChatMessage[] = [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }, { role: 'assistant', content: 'A' }];
    expect(compactionMessages(m)).toEqual([...m, { role: 'user', content: COMPACTION_PROMPT }]);
    const h = compactedHistory(m[0], m[1], 'SUM', { count: 2, historyVar: true, turn: 'Turn 5/9: go.' });
    expect(h.slice(0, 3)).toEqual([m[0], m[1], { role: 'assistant', content: 'SUM' }]);
    expect(h[3].content).toContain('compacted 2 time(s)');
    expect(h[3].content.endsWith('Turn 5/9: go.')).toBe(true);
  });

  it('rootWindow: Ollama keeps num_ctx tokens at most; other servers use the model window', () => {
    expect(rootWindow('ollama', 8192, 131072)).toBe(8192);
    expect(rootWindow('ollama', 8192, 4096)).toBe(4096);
    expect(rootWindow('openai', 8192, 128000)).toBe(128000);
    expect(rootWindow('anthropic', 8192)).toBe(8192);
  });
});
