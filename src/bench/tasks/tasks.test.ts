import { describe, expect, it } from 'vitest';
import { makeNiah } from '../niah';
import { scoreAnswer } from '../score';
import type { TaskParams } from '../types';
import { TASKS, TASK_IDS } from './index';
import { LABELS } from './records';

const params = (id: string, trial = 0, size = 20_000): TaskParams =>
  id === 'niah' ? { seed: 42, trial, lines: 500 } : { seed: 42, trial, sizeChars: size };

describe('task registry', () => {
  it('has every TaskId but custom, each with a label and a one-line description', () => {
    expect(TASK_IDS.sort()).toEqual(['code-qa', 'json-agg', 'multi-hop', 'multi-needle', 'niah', 'oolong', 'oolong-pairs', 'sniah']);
    for (const id of TASK_IDS) {
      expect(TASKS[id].id).toBe(id);
      expect(TASKS[id].label.length).toBeGreaterThan(2);
      expect(TASKS[id].description).not.toContain('\n');
    }
  });

  it.each(TASK_IDS)('%s is deterministic for (seed, trial, size) and differs across trials and sizes', (id) => {
    const a = TASKS[id].generate(params(id));
    expect(TASKS[id].generate(params(id))).toEqual(a);
    expect(TASKS[id].generate(params(id, 1)).context).not.toBe(a.context);
    const bigger = id === 'niah' ? { seed: 42, trial: 0, lines: 600 } : params(id, 0, 30_000);
    expect(TASKS[id].generate(bigger).caseId).not.toBe(a.caseId);
    // The question is one paragraph: the engine's first message reads it up to the first blank line.
    expect(a.question).not.toMatch(/\n\s*\n/);
    // The expected answer scores as right.
    expect(scoreAnswer(a.scorer, a.expected, a.expected).correct).toBe(true);
  });

  it.each(TASK_IDS.filter((t) => t !== 'niah'))('%s fills about the size asked for', (id) => {
    for (const size of [8_000, 100_000]) {
      const n = TASKS[id].generate(params(id, 0, size)).context.length;
      expect(n).toBeGreaterThan(size * 0.9);
      expect(n).toBeLessThan(size * 1.1);
    }
  });
});

describe('generators', () => {
  it('niah is the seed generator at seed + trial', () => {
    const c = TASKS.niah.generate({ seed: 42, trial: 2, lines: 1000 });
    const t = makeNiah(44, 1000);
    expect([c.context, c.expected, c.question]).toEqual([t.text, t.answer, t.question]);
    expect(TASKS.niah.generate({ seed: 42, trial: 0 }).context.split('\n')).toHaveLength(10_001);
  });

  it('sniah places the needle inside the band of its position', () => {
    const bands = { start: [0, 0.1], middle: [0.4, 0.6], end: [0.9, 1] } as const;
    for (const [pos, [lo, hi]] of Object.entries(bands)) {
      for (let trial = 0; trial < 5; trial++) {
        const c = TASKS.sniah.generate({ seed: 1, trial, sizeChars: 50_000, position: pos as 'start' });
        const at = c.context.indexOf('[IMPORTANT: The secret code is: SECRET-' + c.expected + ']') / c.context.length;
        expect(at).toBeGreaterThanOrEqual(lo - 0.01);
        expect(at).toBeLessThanOrEqual(hi + 0.01);
        expect(c.context.match(/SECRET-/g)).toHaveLength(1);
      }
    }
  });

  it('multi-needle hides 5 codes in order, 10 (one per decile) from 128 K', () => {
    const c = TASKS['multi-needle'].generate(params('multi-needle'));
    const found = [...c.context.matchAll(/\[SECRET #\d+: (NEEDLE-[A-Z0-9]{6})\]/g)].map((m) => m[1]);
    expect(found.join(', ')).toBe(c.expected);
    const big = TASKS['multi-needle'].generate(params('multi-needle', 0, 200_000));
    const at = [...big.context.matchAll(/\[SECRET #\d+/g)].map((m) => Math.floor((m.index / big.context.length) * 10));
    expect(at).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('oolong asks both kinds and its expected answer matches a recount', () => {
    const kinds = new Set<string>();
    for (let trial = 0; trial < 10; trial++) {
      const c = TASKS.oolong.generate(params('oolong', trial));
      kinds.add(String(c.meta?.kind));
      const count = (l: string) => c.context.split('\n').filter((ln) => ln.endsWith(`|| Label: ${l}`)).length;
      const [a, b] = c.meta?.labels as string[];
      if (c.meta?.kind === 'count') expect(c.expected).toBe(String(count(a)));
      else expect(c.expected).toBe(count(a) === count(b) ? 'same' : count(a) > count(b) ? a : b);
      expect(LABELS).toContain(a);
    }
    expect(kinds).toEqual(new Set(['count', 'compare']));
  });

  it('oolong-pairs expects exactly the pairs of users with the rare label', () => {
    const c = TASKS['oolong-pairs'].generate(params('oolong-pairs'));
    const label = String(c.meta?.label);
    const users = [...new Set(c.context.split('\n').filter((l) => l.endsWith(`Label: ${label}`)).map((l) => Number(/User: (\d+)/.exec(l)![1])))].sort();
    expect(users.length).toBeGreaterThanOrEqual(3);
    expect(c.expected.split('; ')).toHaveLength((users.length * (users.length - 1)) / 2);
    expect(c.expected.startsWith(`(${users[0]}, ${users[1]})`)).toBe(true);
  });

  it('json-agg is valid JSON and the expected value matches a recomputation', () => {
    for (let trial = 0; trial < 4; trial++) {
      const c = TASKS['json-agg'].generate(params('json-agg', trial));
      const rows = (JSON.parse(c.context) as { employees: { department: string; status: string; salary: number }[] }).employees;
      const hit = rows.filter((e) => e.department === c.meta?.department && e.status === c.meta?.status);
      expect(c.expected).toBe(String(c.meta?.kind === 'sum' ? hit.reduce((n, e) => n + e.salary, 0) : hit.length));
    }
  });

  it('code-qa concatenates files under headers and its answer is the definition, not a decoy', () => {
    const seen = new Set<string>();
    for (let trial = 0; trial < 12; trial++) {
      const c = TASKS['code-qa'].generate(params('code-qa', trial));
      seen.add(String(c.meta?.kind));
      expect(c.context.startsWith('# ===== FILE: pkg/')).toBe(true);
      const cls = String(c.meta?.class);
      const def = new RegExp(`^class ${cls}(?:\\((\\w+)\\))?:`, 'm').exec(c.context)!;
      if (c.meta?.kind === 'parent') expect(c.expected).toBe(def[1]);
      if (c.meta?.kind === 'file') expect(c.context.slice(0, def.index).lastIndexOf(`# ===== FILE: ${c.expected} =====`)).toBeGreaterThan(-1);
      if (c.meta?.kind === 'count') expect(c.expected).toBe(String(c.context.match(/^class /gm)!.length));
      if (c.meta?.kind === 'method') expect(c.expected).toBe(cls);
    }
    expect(seen.size).toBe(4);
  });

  it('multi-hop: following the asked object leads to the expected city', () => {
    const c = TASKS['multi-hop'].generate(params('multi-hop'));
    const obj = String(c.meta?.object);
    let who = /^(\w+) gave away/.exec(c.question)![1];
    for (let hop = 0; hop < 2; hop++) who = new RegExp(`Clue: ${who} (?:gave|handed) the ${obj} to (\\w+)\\.`).exec(c.context)![1];
    expect(new RegExp(`Clue: ${who} took the ${obj} to the city of (\\w+)`).exec(c.context)![1]).toBe(c.expected);
    expect(c.context.match(/^Clue: /gm)).toHaveLength(9);
  });

  it.each(TASK_IDS.filter((t) => t !== 'niah'))('%s generates 10 M characters quickly', (id) => {
    const t0 = performance.now();
    const c = TASKS[id].generate({ seed: 3, trial: 0, sizeChars: 10_000_000 });
    const ms = performance.now() - t0;
    console.log(`gen ${id} 10M: ${ms.toFixed(0)} ms`);
    expect(c.context.length).toBeGreaterThan(9_000_000);
    expect(ms).toBeLessThan(5_000);
  }, 20_000);
});
