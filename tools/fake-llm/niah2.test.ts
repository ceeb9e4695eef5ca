import { describe, expect, it } from 'vitest';
import { needleOf, niah2Content } from './niah2';
import { ModelCatalog } from './policies';
import { ScriptRegistry } from './scripts';
import type { Msg } from './text';

const SYSTEM: Msg = { role: 'system', content: 'You have a REPL with `context`.' };
const Q = 'What is the secret number hidden in the context? Answer with the number only.';
const first = (q: string): Msg => ({ role: 'user', content: `Answer the following: ${q}\n\nYour context is a str.\n\nTurn 1/10: explore first.` });
// The engine's feedback shape (src/core/prompts.ts feedbackMessage).
const feedback = (stdout: string): Msg => ({
  role: 'user',
  content: `REPL output:\n${stdout}\nREPL variables: [re, m]\n\nTurn 2/10: continue, using the REPL output above.`,
});
const turn2 = (q: string, t1: string, stdout: string) => niah2Content([SYSTEM, first(q), { role: 'assistant', content: t1 }, feedback(stdout)]);

describe('niah2 policy', () => {
  it('turn 1 is one regex over the whole context string for the phrase the question names', () => {
    const t1 = niah2Content([SYSTEM, first(Q)]);
    const code = /```repl\n([\s\S]*?)\n```/.exec(t1)?.[1];
    expect(code).toBe(String.raw`import re; m = re.search(r"secret number\s*(?:is|:)\s*:?\s*(\d+)", context); print(m.group(1) if m else None)`);
    expect(t1).not.toMatch(/splitlines|llm_query|FINAL/);
  });

  it('turn 2 submits exactly what the REPL printed, without running code', () => {
    const t1 = niah2Content([SYSTEM, first(Q)]);
    for (const v of ['4444017', '8172635']) {
      const t2 = turn2(Q, t1, v);
      expect(t2).toMatch(new RegExp(`\\nFINAL\\(${v}\\)$`));
      expect(t2).not.toContain('```');
    }
  });

  it('codes get a code-shaped capture; the phrase comes from the question', () => {
    expect(needleOf('What is the magic code?')).toEqual({ phrase: 'magic code', value: '([A-Za-z0-9][A-Za-z0-9-]*)' });
    const t1 = niah2Content([SYSTEM, first('What is the Hidden  Key?')]);
    expect(t1).toContain('re.search(r"hidden key');
    expect(turn2('What is the Hidden Key?', t1, 'SECRET-7QX2LM9A')).toContain('FINAL(SECRET-7QX2LM9A)');
  });

  it('retries ignoring case when nothing matched, then gives up without inventing a value', () => {
    const t1 = niah2Content([SYSTEM, first(Q)]);
    const t2 = turn2(Q, t1, 'None');
    expect(t2).toContain(', context, re.I)');
    expect(t2).not.toMatch(/FINAL/);
    const msgs: Msg[] = [SYSTEM, first(Q), { role: 'assistant', content: t1 }, feedback('None'), { role: 'assistant', content: t2 }, feedback('None')];
    expect(niah2Content(msgs)).toMatch(/FINAL\(not found\)$/);
  });

  it('an error in the output is not taken for the value', () => {
    const t1 = niah2Content([SYSTEM, first(Q)]);
    expect(turn2(Q, t1, 'stderr:\nTypeError: expected string or bytes-like object, got list')).not.toMatch(/FINAL/);
  });

  it('is listed and answers other questions like solver', () => {
    const catalog = new ModelCatalog(new ScriptRegistry());
    expect(catalog.names()).toContain('niah2');
    const other = [SYSTEM, first('How many primes are below 1000?')];
    expect(catalog.resolve('niah2')!.reply(other).content).toBe(catalog.resolve('solver')!.reply(other).content);
  });
});
