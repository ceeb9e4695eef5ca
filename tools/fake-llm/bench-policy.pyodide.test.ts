/**
 * bench-good and bench-bad against real generated cases: their Python runs in a real Pyodide through a minimal RLM
 * loop (a stand-in for the engine, as in solver.pyodide.test.ts), their one-shot answers come from the whole prompt,
 * and every outcome is scored by the benchmark's own scorers. The numbers asserted here are README.md's table.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORCED_ANSWER_PROMPT } from '../../src/core/prompts';
import { scoreAnswer } from '../../src/bench/score';
import { TASKS, TASK_IDS } from '../../src/bench/tasks/index';
import type { TaskCase } from '../../src/bench/types';
import { ModelCatalog } from './policies';
import { runBlock } from './pyodide-block';
import { ScriptRegistry } from './scripts';
import type { Msg } from './text';

const PRELUDE = `
_final = None
def FINAL(x):
    global _final
    _final = str(x)
def FINAL_VAR(name):
    global _final
    _final = str(globals()[name])
`;

let py: PyodideAPI;
const catalog = new ModelCatalog(new ScriptRegistry());

beforeAll(async () => {
  py = await loadPyodide();
}, 120_000);


/** The answer and the iterations used; after maxTurns the engine's forced-answer prompt, as the engine does. */
async function rlm(model: string, c: TaskCase, maxTurns = 4) {
  const spec = catalog.resolve(model)!;
  py.globals.set('context', c.context);
  await py.runPythonAsync(PRELUDE);
  const messages: Msg[] = [
    { role: 'system', content: 'You are tasked with answering a query. You have a REPL with `context`.' },
    { role: 'user', content: `Answer the following: ${c.question}\n\nYour context is a str.\n\nTurn 1/${maxTurns}:` },
  ];
  for (let turn = 1; turn <= maxTurns; turn++) {
    const reply = spec.reply(messages).content;
    messages.push({ role: 'assistant', content: reply });
    const blocks = [...reply.matchAll(/```repl\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    let output = '';
    for (const b of blocks) output += await runBlock(py, b);
    const final = py.globals.get('_final');
    if (final !== undefined && final !== null) return { answer: String(final), iterations: turn };
    const prose = /^FINAL\((.*)\)\s*$/m.exec(reply.replace(/```[\s\S]*?```/g, ''));
    if (prose) return { answer: prose[1], iterations: turn };
    messages.push({ role: 'user', content: `REPL output:\n${output.slice(0, 20000)}\n\nTurn ${turn + 1}/${maxTurns}: continue.` });
  }
  messages.push({ role: 'user', content: FORCED_ANSWER_PROMPT });
  return { answer: spec.reply(messages).content, iterations: maxTurns };
}

/** One-shot: the whole context and the question in one user message, no REPL. */
function vanilla(model: string, c: TaskCase): string {
  const prompt = `Here is a document:\n\n${c.context}\n\nQuestion: ${c.question}\nAnswer concisely.`;
  return catalog.resolve(model)!.reply([{ role: 'user', content: prompt }]).content;
}

const cases = (id: (typeof TASK_IDS)[number], n: number) =>
  Array.from({ length: n }, (_, trial) => TASKS[id].generate(id === 'niah' ? { seed: 42, trial, lines: 1000 } : { seed: 42, trial, sizeChars: 20_000 }));

describe('bench-good', () => {
  it.each(TASK_IDS)('solves %s in 2 iterations with real Python, and one-shot', async (id) => {
    for (const c of cases(id, id === 'code-qa' ? 12 : id === 'oolong' ? 8 : 2)) {
      const r = await rlm('bench-good', c);
      expect(scoreAnswer(c.scorer, r.answer, c.expected), `${c.caseId} rlm: ${r.answer}`).toMatchObject({ score: 1, correct: true });
      expect(r.iterations).toBe(2);
      const v = vanilla('bench-good', c);
      expect(scoreAnswer(c.scorer, v, c.expected), `${c.caseId} vanilla: ${v}`).toMatchObject({ score: 1, correct: true });
    }
  }, 60_000);

  it('json-agg at 2 M characters (~20 K records) through json.loads', async () => {
    const c = TASKS['json-agg'].generate({ seed: 9, trial: 0, sizeChars: 2_000_000 });
    const r = await rlm('bench-good', c);
    expect(scoreAnswer(c.scorer, r.answer, c.expected).correct).toBe(true);
  }, 60_000);
});

describe('bench-bad fails the documented way', () => {
  const k = (c: TaskCase) => Number(c.meta?.k);
  it('niah and sniah: a fixed wrong answer in 1 iteration; one-shot the same', async () => {
    for (const id of ['niah', 'sniah'] as const) {
      for (const c of cases(id, 2)) {
        const r = await rlm('bench-bad', c);
        expect(r).toEqual({ answer: id === 'niah' ? '1234567' : 'SECRET-00000000', iterations: 1 });
        expect(scoreAnswer(c.scorer, r.answer, c.expected).correct).toBe(false);
        expect(scoreAnswer(c.scorer, vanilla('bench-bad', c), c.expected).correct).toBe(false);
      }
    }
  }, 60_000);

  it('multi-needle: 2 of k codes (RLM), 1 of k (one-shot)', async () => {
    for (const c of cases('multi-needle', 2)) {
      const r = await rlm('bench-bad', c);
      expect(r.iterations).toBe(2);
      expect(scoreAnswer(c.scorer, r.answer, c.expected)).toMatchObject({ score: 2 / k(c), correct: false });
      expect(scoreAnswer(c.scorer, vanilla('bench-bad', c), c.expected)).toMatchObject({ score: 1 / k(c), correct: false });
    }
  }, 60_000);

  it('oolong: the less common label, or the count + 2 (0.5625 credit)', async () => {
    for (const c of cases('oolong', 6)) {
      const want = c.meta?.kind === 'count' ? 0.75 ** 2 : 0;
      const r = await rlm('bench-bad', c);
      expect(scoreAnswer(c.scorer, r.answer, c.expected).score, `${c.caseId} ${r.answer}`).toBeCloseTo(want);
      expect(scoreAnswer(c.scorer, vanilla('bench-bad', c), c.expected).score).toBeCloseTo(want);
    }
  }, 60_000);

  it('oolong-pairs: only the first pair, F1 = 2 / (pairs + 1)', async () => {
    for (const c of cases('oolong-pairs', 2)) {
      const n = c.expected.split('; ').length;
      const r = await rlm('bench-bad', c);
      expect(scoreAnswer(c.scorer, r.answer, c.expected)).toMatchObject({ score: expect.closeTo(2 / (n + 1)), correct: false });
      expect(scoreAnswer(c.scorer, vanilla('bench-bad', c), c.expected).score).toBeCloseTo(2 / (n + 1));
    }
  }, 60_000);

  it('json-agg: forgets the status filter; multi-hop: stops at the first hop', async () => {
    for (const c of [...cases('json-agg', 2), ...cases('multi-hop', 2)]) {
      const r = await rlm('bench-bad', c);
      expect(r.iterations).toBe(2);
      expect(scoreAnswer(c.scorer, r.answer, c.expected).correct, `${c.caseId} ${r.answer}`).toBe(false);
      expect(scoreAnswer(c.scorer, vanilla('bench-bad', c), c.expected).correct).toBe(false);
    }
  }, 60_000);

  it('code-qa: browses until the iterations run out, then gives up', async () => {
    const c = cases('code-qa', 1)[0];
    const r = await rlm('bench-bad', c, 3);
    expect(r).toEqual({ answer: 'I could not find it in the parts I read.', iterations: 3 });
    expect(vanilla('bench-bad', c)).toBe('I cannot tell from the text.');
  }, 60_000);

  it('a sub-call (no REPL, no bench question) is answered like every fake model', () => {
    const reply = catalog.resolve('bench-good')!.reply([{ role: 'user', content: 'Reply with only the secret value stated in this sentence: The secret number is 4455667.' }]);
    expect(reply.content).toBe('4455667');
  });
});
