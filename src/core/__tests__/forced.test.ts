import { describe, expect, it } from 'vitest';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { turnNote } from '../prompts';
import { ScriptedProvider, ScriptedRepl } from '../testing';

const input = { question: 'q?', context: null, rootModel: 'root' };

async function exhaust(maxIterations: number, forcedReply: string) {
  const events: RunEvent[] = [];
  const p = new ScriptedProvider((m) =>
    m.at(-1)!.content.includes('used all your iterations') ? forcedReply : '```repl\nprint(1)\n```');
  const repl = new ScriptedRepl(() => ({ stdout: '1\n' }));
  const out = await runRlm({ ...input, settings: { maxIterations } }, {
    root: p, sub: p, repl, emit: (e) => events.push(e), now: () => 0, newId: () => 'id',
  });
  return { out, p, events };
}

const turnsShown = (text: string) => [...text.matchAll(/Turn (\d+)\/(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('iterations exhausted', () => {
  it('never shows the model a turn count past the limit', async () => {
    const { p } = await exhaust(3, 'It is 1.');
    expect(p.calls).toHaveLength(4);
    const forcedCall = p.calls[3].map((m) => m.content).join('\n');
    const shown = turnsShown(forcedCall);
    expect(shown.map(([n]) => n)).toEqual([1, 2, 3, 3]);
    for (const [n, max] of shown) expect(n).toBeLessThanOrEqual(max);
    expect(p.calls[3].at(-2)!.content).toContain('Turn 3/3 was your last turn');
  });

  it('turnNote clamps at the limit', () => {
    expect(turnNote(16, 15)).toMatch(/^Turn 15\/15 /);
    expect(turnNote(15, 15)).toMatch(/^Turn 15\/15: continue/);
    expect(turnNote(4, 15, false)).toBe('Turn 4/15: nothing ran in your last turn, so there is no new REPL output. Answer as soon as you are sure.');
  });

  it('the forced answer drops code blocks, the trajectory keeps the raw reply', async () => {
    const raw = 'The count is 12.\n```repl\nprint(count)\n```\nThat is final.';
    const { out, events } = await exhaust(2, raw);
    expect(out).toMatchObject({ via: 'forced', answer: 'The count is 12.\n\nThat is final.' });
    const last = events.filter((e) => e.type === 'response').at(-1);
    expect(last).toMatchObject({ iteration: 3, content: raw });
  });

  it('a forced reply that is only code says that no answer was given', async () => {
    const { out } = await exhaust(2, '```repl\nFINAL(x)\n```');
    expect(out.answer).toBe('(No answer: the model used all 2 iterations without answering.)');
  });
});

describe('forced FINAL_VAR', () => {
  it('a forced FINAL_VAR is resolved from the REPL', async () => {
    const p = new ScriptedProvider((m) => (m.at(-1)!.content.includes('used all your iterations') ? 'FINAL_VAR(res)' : 'hmm'));
    const repl = new ScriptedRepl(() => ({}), { res: 'from the variable' });
    const out = await runRlm({ ...input, settings: { maxIterations: 1 } }, { root: p, sub: p, repl, emit: () => undefined });
    expect(out).toMatchObject({ via: 'forced', answer: 'from the variable' });
  });
});
