import { describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/official-manifest';
import { importTrajectory } from '../import';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { toNotebook } from '../notebook';
import { withoutFences } from '../parse';
import { ScriptedProvider, ScriptedRepl } from '../testing';

type Json = Record<string, unknown>;
const isSource = (s: unknown) => typeof s === 'string' || (Array.isArray(s) && s.every((l) => typeof l === 'string'));
const text = (s: unknown) => (Array.isArray(s) ? s.join('') : s);

/** nbformat 4's required structure (nbformat.v4 schema: top level, cells, code cells, outputs, ids from 4.5). */
function checkStructure(nb: Json): void {
  expect(nb.nbformat).toBe(4);
  expect(nb.nbformat_minor).toBeGreaterThanOrEqual(4);
  expect(nb.metadata).toMatchObject({ kernelspec: { name: 'python3', display_name: expect.any(String) }, language_info: { name: 'python' } });
  const cells = nb.cells as Json[];
  expect(Array.isArray(cells)).toBe(true);
  const ids = new Set<string>();
  for (const c of cells) {
    expect(['markdown', 'code', 'raw']).toContain(c.cell_type);
    expect(typeof c.metadata === 'object' && c.metadata !== null && !Array.isArray(c.metadata)).toBe(true);
    expect(isSource(c.source)).toBe(true);
    if ((nb.nbformat_minor as number) >= 5) {
      expect(c.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      ids.add(c.id as string);
    }
    if (c.cell_type === 'code') {
      expect(c.execution_count === null || Number.isInteger(c.execution_count)).toBe(true);
      expect(Array.isArray(c.outputs)).toBe(true);
      for (const o of c.outputs as Json[]) {
        expect(o.output_type).toBe('stream');
        expect(['stdout', 'stderr']).toContain(o.name);
        expect(isSource(o.text)).toBe(true);
      }
    } else expect(c).not.toHaveProperty('outputs');
  }
  if ((nb.nbformat_minor as number) >= 5) expect(ids.size).toBe(cells.length);
}

async function run(): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const p = new ScriptedProvider((_m, i) =>
    i === 0 ? 'Let me look.\n```repl\nprint(len(context))\n```\nThen decide.' : i === 1 ? '```repl\nx = llm_query("hi")\n1/0\n```' : i === 2 ? 'sub says hi' : 'Done.\n```repl\nFINAL(12)\n```',
  );
  const repl = new ScriptedRepl(async (code, opts) => {
    if (code.includes('len')) return { stdout: '12\n' };
    if (code.includes('1/0')) {
      await opts.onSubcall({ prompt: 'hi' }, new AbortController().signal);
      return { ok: false, stderr: 'ZeroDivisionError: division by zero\n' };
    }
    return { final: { value: '12', via: 'FINAL' } };
  });
  await runRlm({ question: 'How long is it?', context: null, rootModel: 'm' }, { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => 0 });
  return events;
}

describe('toNotebook', () => {
  it('has nbformat 4 structure: one code cell per executed block with its outputs, prose as markdown', async () => {
    const nb = JSON.parse(toNotebook(await run())) as Json;
    checkStructure(nb);
    const cells = nb.cells as Json[];
    const code = cells.filter((c) => c.cell_type === 'code');
    expect(code.map((c) => text(c.source))).toEqual(['print(len(context))', 'x = llm_query("hi")\n1/0', 'FINAL(12)']);
    expect(code.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(code[0].outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['12\n'] }]);
    expect(code[1].outputs).toEqual([{ output_type: 'stream', name: 'stderr', text: ['ZeroDivisionError: division by zero\n'] }]);
    const md = cells.filter((c) => c.cell_type === 'markdown').map((c) => text(c.source) as string);
    expect(md[0]).toBe('# Question\n\nHow long is it?');
    expect(md[1]).toBe('## Iteration 1\n\nLet me look.\n\nThen decide.');
    expect(md.some((m) => m.includes('**Sub-call**') && m.includes('sub says hi'))).toBe(true);
    expect(md.at(-1)).toMatch(/^## Final answer\n\n12\n/);
    expect(md.join('\n')).not.toContain('```');
  });

  it('turns an imported official log (several completions) into a notebook of its turns', () => {
    const nb = JSON.parse(toNotebook(importTrajectory(fixture('persistent_multiturn.jsonl')).events)) as Json;
    checkStructure(nb);
    const cells = nb.cells as Json[];
    expect(cells.filter((c) => c.cell_type === 'code')).toHaveLength(5);
    const md = cells.filter((c) => c.cell_type === 'markdown').map((c) => text(c.source) as string);
    expect(md.filter((m) => m.startsWith('## Question'))).toHaveLength(2);
    expect(md.filter((m) => m.startsWith('### Final answer')).map((m) => m.split('\n\n')[1])).toEqual(['Alice', 'Alice owns it; it is now due Friday 14:00.']);
  });

  it('withoutFences keeps the prose around code, an unclosed fence included', () => {
    expect(withoutFences('a\n```repl\nx\n```\nb\n```python\ny')).toBe('a\n\nb');
  });
});
