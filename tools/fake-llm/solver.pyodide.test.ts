/**
 * Runs the fake models' code in a real Python (Pyodide) through a minimal RLM
 * loop, to prove the solver answers from REPL output alone. The loop here is a
 * test stand-in, not the engine.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeNiah } from '../../src/bench/niah';
import { ModelCatalog } from './policies';
import { runBlock } from './pyodide-block';
import { ScriptRegistry } from './scripts';
import type { Msg } from './text';

const PRELUDE = `
_final = None
answer = {"content": "", "ready": False}
def FINAL(x):
    global _final
    _final = str(x)
def FINAL_VAR(name):
    global _final
    _final = str(globals()[name])
def llm_query(prompt, model=None):
    return _llm(prompt)
def llm_query_batched(prompts, model=None):
    return [_llm(p) for p in prompts]
`;

let py: PyodideAPI;
const catalog = new ModelCatalog(new ScriptRegistry());

beforeAll(async () => {
  py = await loadPyodide();
});


/** Returns the final answer and the number of turns, or null after maxTurns. */
async function rlm(model: string, question: string, context: string, maxTurns = 8) {
  const spec = catalog.resolve(model)!;
  py.globals.set('context', context);
  py.globals.set('_llm', (p: string) => spec.reply([{ role: 'user', content: p }]).content);
  await py.runPythonAsync(PRELUDE);
  const messages: Msg[] = [
    { role: 'system', content: 'You have a REPL with `context`.' },
    { role: 'user', content: `Answer the following: ${question}\n\nYour context is a str.\n\nTurn 1/${maxTurns}:` },
  ];
  for (let turn = 1; turn <= maxTurns; turn++) {
    const reply = spec.reply(messages).content;
    messages.push({ role: 'assistant', content: reply });
    const blocks = [...reply.matchAll(/```(?:repl|python)\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    let output = '';
    for (const b of blocks) output += await runBlock(py, b);
    const final = py.globals.get('_final') ?? (py.globals.get('answer').get('ready') ? String(py.globals.get('answer').get('content')) : undefined);
    if (final !== undefined && final !== null) return { answer: String(final), turns: turn };
    const prose = /^FINAL\((.*)\)\s*$/m.exec(reply.replace(/```[\s\S]*?```/g, ''));
    if (prose) return { answer: prose[1], turns: turn };
    messages.push({ role: 'user', content: `REPL output:\n${output.slice(0, 20000)}\n\nTurn ${turn + 1}/${maxTurns}: continue.` });
  }
  return null;
}

function haystack(lines: number, needleAt: number, needle: string): string {
  const words = ['alpha', 'river', 'stone', 'quiet', 'lamp', 'orbit', 'maple', 'signal'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(i === needleAt ? needle : `${words[i % 8]} ${words[(i * 3) % 8]} ${words[(i * 5) % 8]} ${i % 97}`);
  return out.join('\n');
}

describe('solver end to end in Pyodide', () => {
  it('finds the needle in 2 turns, with one llm_query', async () => {
    const r = await rlm('solver', 'What is the secret number?', haystack(5000, 3210, 'The secret number is 4817263.'));
    expect(r).toEqual({ answer: '4817263', turns: 2 });
  });

  it('finds a minRLM-style secret code with python fences', async () => {
    const r = await rlm('solver-python', 'What is the secret code?', haystack(2000, 900, '[IMPORTANT: The secret code is: SECRET-7QX2LM9A]'));
    expect(r?.answer).toBe('SECRET-7QX2LM9A');
  });

  it('counts primes', async () => {
    expect((await rlm('solver', 'How many primes are below 1000?', ''))?.answer).toBe('168');
    expect((await rlm('solver', 'What is the sum of the primes below 100?', ''))?.answer).toBe('1060');
  });

  it('solves the benchmark NIAH task and the e2e questions', async () => {
    const task = makeNiah(7, 10_000);
    expect(await rlm('solver', task.question, task.text)).toEqual({ answer: task.answer, turns: 2 });
    expect((await rlm('solver', 'How many lines are in the context?', 'hello\nworld\n'))?.answer).toBe('2');
    expect((await rlm('solver', 'How many primes are there below 1000000?', ''))?.answer).toBe('78498');
  });

  it('niah2 finds the benchmark needle in 2 turns from one whole-string regex', async () => {
    for (const seed of [7, 11]) {
      const task = makeNiah(seed, 20_000);
      expect(await rlm('niah2', task.question, task.text)).toEqual({ answer: task.answer, turns: 2 });
    }
    const code = await rlm('niah2', 'What is the secret code?', haystack(2000, 900, '[IMPORTANT: The Secret Code is: SECRET-7QX2LM9A]'));
    expect(code).toEqual({ answer: 'SECRET-7QX2LM9A', turns: 3 });
  });

  it('counts matching lines', async () => {
    const ctx = ['ok', 'ERROR disk', 'ok', 'ERROR net', 'error lower'].join('\n');
    expect((await rlm('solver', 'How many lines contain "ERROR"?', ctx))?.answer).toBe('2');
  });

  it('finds the needle by batched sub-calls', async () => {
    const r = await rlm('batcher', 'What is the secret number?', haystack(3000, 2500, 'The secret number is 1234987.'));
    expect(r?.answer).toBe('1234987');
  });

  it('batcher20 splits the context in 20 and finds the needle the same way', async () => {
    const r = await rlm('batcher20', 'What is the secret number?', haystack(3000, 2500, 'The secret number is 1234987.'));
    expect(r?.answer).toBe('1234987');
  });

  it('falls back to exploring and a sub-LLM for open questions', async () => {
    const r = await rlm('solver', 'What is this document about?', 'Cats are small mammals. They purr.');
    expect(r?.answer).toContain('Cats are small mammals.');
  });

  it('garbage never answers', async () => {
    expect(await rlm('garbage', 'What is the secret number?', 'x', 3)).toBeNull();
  });

  it('runs the official-fixture script to the answer dict', async () => {
    const r = await rlm('scripted:niah-answer-dict', 'What is the secret number?', haystack(2000, 1084, 'The secret number is 4444017.'));
    expect(r).toEqual({ answer: '4444017', turns: 3 });
  });
});
