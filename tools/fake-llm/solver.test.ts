import { describe, expect, it } from 'vitest';
import { readConvo, extractQuestion } from './conversation';
import { FaultCounters, parseModelName } from './faults';
import { ModelCatalog } from './policies';
import { ScriptRegistry } from './scripts';
import { answerSubcall, classify, solverContent } from './solver';
import type { Msg } from './text';

const SYSTEM: Msg = { role: 'system', content: 'You have a REPL with `context`.' };
const first = (q: string): Msg => ({
  role: 'user',
  content: `Answer the following: ${q}\n\nYour context is a str with 39,729 total characters.\n\nTurn 1/10: explore first.`,
});
const output = (text: string): Msg => ({ role: 'user', content: `REPL output:\n${text}\nREPL variables: [x]\n\nTurn 2/10: continue.` });

describe('conversation reading', () => {
  it('finds the question, the turn and the last REPL output', () => {
    const msgs: Msg[] = [SYSTEM, first('What is the secret number?'), { role: 'assistant', content: 'code' }, output('CANDIDATES: 1')];
    const c = readConvo(msgs);
    expect(c.question).toBe('What is the secret number?');
    expect(c.turn).toBe(1);
    expect(c.lastOutput).toContain('CANDIDATES: 1');
    expect(c.subcall).toBe(false);
  });

  it('treats a lone user message as an llm_query sub-call', () => {
    expect(readConvo([{ role: 'user', content: 'Reply with only the number: 5' }]).subcall).toBe(true);
  });

  it('falls back to the first paragraph without the official phrasing', () => {
    expect(extractQuestion([{ role: 'user', content: 'How many lines contain "ERROR"?\n\nmore' }])).toBe('How many lines contain "ERROR"?');
  });

  it('spots the forced final-answer request', () => {
    const msgs: Msg[] = [SYSTEM, first('q'), { role: 'user', content: 'You have used all your iterations. Give your final answer now.' }];
    expect(readConvo(msgs).forced).toBe(true);
  });
});

describe('solver turns for a needle in a haystack', () => {
  const q = 'What is the secret number?';

  it('turn 1 searches the context with a regex, without answering', () => {
    const text = solverContent([SYSTEM, first(q)]);
    expect(text).toMatch(/```repl\n/);
    expect(text).toContain('re.findall(r"\\b\\d{7}\\b", text)');
    expect(text).toContain('print("CANDIDATES:", len(cands))');
    expect(text).not.toMatch(/FINAL/);
  });

  it('turn 2 confirms with one llm_query and answers with FINAL_VAR', () => {
    const text = solverContent([SYSTEM, first(q), { role: 'assistant', content: 'x' }, output('CANDIDATES: 1\n   The secret number is 4444017.')]);
    expect(text.match(/llm_query\(/g)).toHaveLength(1);
    expect(text).toContain('FINAL_VAR("result")');
    // The value itself never appears in the code: it must come from running it.
    expect(text).not.toContain('4444017');
  });

  it('broadens the search when no line names the needle', () => {
    const text = solverContent([SYSTEM, first(q), { role: 'assistant', content: 'x' }, output('CANDIDATES: 0')]);
    expect(text).toContain('RARE_NUMBERS');
  });
});

describe('solver on other task families', () => {
  it('computes primes with code then answers from the printed result', () => {
    const q = 'How many primes are below 1000?';
    expect(classify(q)).toBe('primes');
    const t1 = solverContent([SYSTEM, first(q)]);
    expect(t1).toContain('N = 1000');
    expect(t1).toContain('result = len(primes)');
    const t2 = solverContent([SYSTEM, first(q), { role: 'assistant', content: t1 }, output('PRIMES: 168 largest: 997\nRESULT: 168')]);
    expect(t2).toContain('FINAL_VAR("result")');
  });

  it('counts lines containing a quoted string exactly', () => {
    const t1 = solverContent([SYSTEM, first('How many lines contain "ERROR"?')]);
    expect(t1).toContain('needle = "ERROR"');
    expect(t1).toContain('sum(1 for ln in lines if needle in ln)');
  });

  it('evaluates arithmetic', () => {
    expect(solverContent([SYSTEM, first('What is 17 * 23?')])).toContain('result = 17 * 23');
  });

  it('explores, then asks a sub-LLM for anything else', () => {
    const q = 'Summarise the document.';
    const t1 = solverContent([SYSTEM, first(q)]);
    expect(t1).toContain('print(text[:500])');
    const t2 = solverContent([SYSTEM, first(q), { role: 'assistant', content: t1 }, output('TYPE: str CHARS: 10\nhello')]);
    expect(t2).toContain('llm_query(');
    expect(t2).toContain('FINAL_VAR("result")');
  });

  it('answers a forced final request in plain text from the last output', () => {
    const msgs: Msg[] = [SYSTEM, first('q'), { role: 'assistant', content: 'x' }, output('RESULT: 7'), { role: 'user', content: 'You have used all your iterations. Do not write any more code.' }];
    expect(solverContent(msgs)).toBe('Based on the REPL output, the answer is 7.');
  });
});

describe('sub-call answers', () => {
  it('returns the stated value, skipping the instruction text', () => {
    expect(answerSubcall('Reply with only the secret value stated in this sentence: The secret number is 4444017.')).toBe('4444017');
    expect(answerSubcall('[IMPORTANT: The secret code is: SECRET-AB12CD34]')).toBe('SECRET-AB12CD34');
    expect(answerSubcall('The special magic number for dog is 52341.')).toBe('52341');
  });

  it('says NONE when asked to and nothing is there', () => {
    expect(answerSubcall('What is the secret number?\nreply NONE otherwise\n\nlorem ipsum')).toBe('NONE');
  });
});

describe('policies and catalog', () => {
  const catalog = new ModelCatalog(new ScriptRegistry());

  it('lists every policy and alias', () => {
    for (const n of ['solver', 'solver-python', 'solver-think', 'looper', 'sleeper', 'flooder', 'garbage', 'hallucinator', 'batcher', 'batcher20', 'qwen3:4b', 'scripted:niah-answer-dict']) {
      expect(catalog.names()).toContain(n);
    }
  });

  it('solver-python writes python fences; solver-think thinks', () => {
    const msgs = [SYSTEM, first('What is 2 + 2?')];
    expect(catalog.resolve('solver-python')!.reply(msgs).content).toContain('```python\n');
    expect(catalog.resolve('solver-think')!.reply(msgs).thinking).toContain('DRAFT-FROM-THINKING');
  });

  it('hallucinator raises and writes a prose FINAL; garbage never writes code', () => {
    const msgs = [SYSTEM, first('q')];
    expect(catalog.resolve('hallucinator')!.reply(msgs).content).toMatch(/undefined_name[\s\S]*\nFINAL\(42\)/);
    expect(catalog.resolve('garbage')!.reply(msgs).content).not.toMatch(/```|FINAL/);
  });

  it('scripted models follow their script by turn and runtime scripts can be added', () => {
    const scripts = new ScriptRegistry();
    const cat = new ModelCatalog(scripts);
    expect(cat.resolve('scripted:nope')).toBeNull();
    scripts.register('mine', ['one', 'two']);
    const spec = cat.resolve('scripted:mine')!;
    expect(spec.reply([SYSTEM, first('q')]).content).toBe('one');
    expect(spec.reply([SYSTEM, first('q'), { role: 'assistant', content: 'one' }, output('')]).content).toBe('two');
  });

  it('unknown names resolve to nothing', () => {
    expect(catalog.resolve('gpt-17')).toBeNull();
  });
});

describe('fault suffixes', () => {
  it('parses model suffixes with counts and arguments', () => {
    const { base, faults } = parseModelName('solver@429x2@lat200@nousage');
    expect(base).toBe('solver');
    expect(faults.map((f) => [f.kind, f.arg, f.times])).toEqual([
      ['status', 429, 2],
      ['lat', 200, Infinity],
      ['nousage', undefined, Infinity],
    ]);
    expect(parseModelName('qwen3:4b@reset0').faults[0]).toMatchObject({ kind: 'reset', arg: 0, times: 1 });
  });

  it('fires limited faults the given number of times, one failure per request', () => {
    const c = new FaultCounters();
    const { faults } = parseModelName('m@429@500');
    expect(c.take('m', faults).status).toBe(429);
    expect(c.take('m', faults).status).toBe(500);
    expect(c.take('m', faults).status).toBeUndefined();
  });
});
