/** The compare view's data: totals from runStats, iterations aligned by number. */
import { describe, expect, it } from 'vitest';
import { runRlm } from '../../core/loop';
import type { RunEvent } from '../../core/events';
import { ScriptedProvider, ScriptedRepl } from '../../core/testing';
import { replay } from '../../core/trajectory';
import { compareRows, compareSide } from './compareRows';

async function run(replies: string[], question: string) {
  const events: RunEvent[] = [];
  let i = 0;
  const p = new ScriptedProvider(() => replies[Math.min(i++, replies.length - 1)]);
  const repl = new ScriptedRepl((code) => (code.includes('FINAL') ? { final: { value: 'done', via: 'FINAL' } } : { stdout: `out of ${code}\nmore` }));
  await runRlm({ question, context: null, rootModel: 'scripted' }, { root: p, sub: p, repl, emit: (e) => events.push(e) });
  return replay(events)!;
}

describe('compare rows', () => {
  it('puts iteration n of A beside iteration n of B, with code head, output head and counts', async () => {
    const a = await run(['```repl\nprint(1)\n```', '```repl\nFINAL(done)\n```'], 'A?');
    const b = await run(['```repl\nFINAL(done)\n```'], 'B?');
    const rows = compareRows(a, b);
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
    expect(rows[0].a).toMatchObject({ iteration: 1, code: 'print(1)', output: 'out of print(1)', blocks: 1, subcalls: 0, final: false });
    expect(rows[0].b).toMatchObject({ code: 'FINAL(done)', final: true });
    expect(rows[1].a?.final).toBe(true);
    expect(rows[1].b).toBeNull();
    expect(compareSide(a)).toMatchObject({ question: 'A?', answer: 'done', iterations: 2, blocks: 2 });
    expect(compareSide(b).iterations).toBe(1);
  });
});
