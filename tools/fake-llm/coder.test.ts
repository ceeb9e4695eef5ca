import { describe, expect, it } from 'vitest';
import { coderContent, quotedCode } from './coder';
import type { Msg } from './text';

const first = (q: string): Msg[] => [
  { role: 'system', content: 'You have a REPL.' },
  { role: 'user', content: `Answer the following: ${q}\n\nYour context is a str.` },
];

describe('coder policy', () => {
  it('runs the quoted code first, then answers with the last printed line', () => {
    const q = 'Run `x = 6 * 7; print(x)` please';
    expect(quotedCode(q)).toBe('x = 6 * 7; print(x)');
    expect(coderContent(first(q))).toContain('```repl\nx = 6 * 7; print(x)\n```');
    const after: Msg[] = [...first(q), { role: 'assistant', content: 'ran' }, { role: 'user', content: 'REPL output:\n42\nREPL variables: [x]\n\nTurn 2/15: continue' }];
    expect(coderContent(after)).toContain('FINAL(42)');
  });
  it('answers with an error line when the code failed', () => {
    const q = 'Run `print(x)`';
    const after: Msg[] = [...first(q), { role: 'assistant', content: 'ran' }, { role: 'user', content: "REPL output:\nstderr:\nNameError: name 'x' is not defined\nREPL variables: []" }];
    expect(coderContent(after)).toContain("FINAL(NameError: name 'x' is not defined)");
  });
});
