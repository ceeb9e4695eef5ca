import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events';
import { runRlm } from '../../core/loop';
import { CommandRepl, ScriptedProvider } from '../../core/testing';
import { replay } from '../../core/trajectory';
import { runStats } from '../../core/tree';
import { budgetedSubcalls, gaugesOf, limitedIterations } from './BudgetGauges';

async function trajectory(code: string, settings: Record<string, unknown>) {
  const events: RunEvent[] = [];
  const p = new ScriptedProvider((_, i) => (i === 0 ? `\`\`\`repl\n${code}\n\`\`\`` : '```repl\nfinal done\n```'));
  let id = 0;
  await runRlm({ question: 'q', context: null, rootModel: 'm', settings }, { root: p, sub: p, repl: new CommandRepl(), emit: (e) => events.push(e), newId: () => `id${id++}` });
  return replay(events)!;
}

describe('budget gauges', () => {
  it('count the sub-calls the budget counted, not the refused ones', async () => {
    const t = await trajectory('llm a\nllm b\nllm c\nllm d', { maxSubcalls: 2 });
    expect(runStats(t).subcalls).toBe(4);
    expect(budgetedSubcalls(t)).toBe(2);
    const g = gaugesOf(t.settings, runStats(t), 0, budgetedSubcalls(t)).find((x) => x.name === 'subcalls');
    expect(g).toMatchObject({ used: 2, max: 2, text: '2 / 2' });
    expect(t.finished?.reason).toBe('subcalls');
  });

  it('show only the limits that are set (iterations always are)', async () => {
    const t = await trajectory('llm a', { maxTokens: 10_000, maxWallMs: 0 });
    expect(gaugesOf(t.settings, runStats(t), 5).map((g) => g.name)).toEqual(['tokens', 'iterations']);
  });
});

describe('the iterations gauge', () => {
  it('does not count the forced last call made after the limit ("3 / 3", not "4 / 3")', async () => {
    const events: RunEvent[] = [];
    // A model that never writes code nor answers: the run ends on the limit with a forced answer.
    const p = new ScriptedProvider(() => 'Still thinking about it.');
    let id = 0;
    await runRlm({ question: 'q', context: null, rootModel: 'm', settings: { maxIterations: 3 } }, { root: p, sub: p, repl: new CommandRepl(), emit: (e) => events.push(e), newId: () => `id${id++}` });
    const t = replay(events)!;
    expect(t.final?.via).toBe('forced');
    expect(t.iterations.length).toBe(4);
    const g = gaugesOf(t.settings, runStats(t), 0, budgetedSubcalls(t), limitedIterations(t)).find((x) => x.name === 'iterations');
    expect(g).toMatchObject({ used: 3, max: 3, text: '3 / 3' });
  });
});
