import { describe, expect, it } from 'vitest';
import { extractCode, forcedAnswer, noAnswer, parseProseFinal, responseParts, withoutCode } from '../parse';
import { truncate, feedbackMessage } from '../prompts';

describe('extractCode', () => {
  it('runs every repl block in order', () => {
    const r = 'Let me look.\n```repl\nprint(1)\n```\nthen\n```repl\nx = 2\nprint(x)\n```\n';
    expect(extractCode(r)).toEqual([
      { code: 'print(1)', lang: 'repl' },
      { code: 'x = 2\nprint(x)', lang: 'repl' },
    ]);
  });
  it('falls back to python blocks only when there is no repl block', () => {
    expect(extractCode('```python\nprint(2)\n```')).toEqual([{ code: 'print(2)', lang: 'python' }]);
    expect(extractCode('```python\nprint(2)\n```\n```repl\nprint(3)\n```')).toEqual([{ code: 'print(3)', lang: 'repl' }]);
  });
  it('ignores other languages and think tags', () => {
    expect(extractCode('```bash\nls\n```\n```json\n{}\n```')).toEqual([]);
    expect(extractCode('<think>```repl\nprint(0)\n```</think>ok')).toEqual([]);
  });
  it('accepts an unterminated final fence', () => {
    expect(extractCode('```repl\nprint(5)')).toEqual([{ code: 'print(5)', lang: 'repl' }]);
  });
});

describe('parseProseFinal', () => {
  it('reads FINAL and FINAL_VAR on their own line outside code', () => {
    expect(parseProseFinal('Done.\nFINAL(4444017)')).toEqual({ kind: 'FINAL', value: '4444017' });
    expect(parseProseFinal('FINAL_VAR(result)')).toEqual({ kind: 'FINAL_VAR', name: 'result' });
    expect(parseProseFinal('FINAL_VAR("result")')).toEqual({ kind: 'FINAL_VAR', name: 'result' });
    expect(parseProseFinal('FINAL("quoted")')).toEqual({ kind: 'FINAL', value: 'quoted' });
  });
  it('keeps parentheses inside the answer and spans lines', () => {
    expect(parseProseFinal('FINAL(option (a) wins)')).toEqual({ kind: 'FINAL', value: 'option (a) wins' });
    expect(parseProseFinal('FINAL(line one\nline two)')).toEqual({ kind: 'FINAL', value: 'line one\nline two' });
  });
  it('does not take FINAL from inside code or mid-sentence', () => {
    expect(parseProseFinal('```repl\nFINAL(1)\n```')).toBeNull();
    expect(parseProseFinal('I will call FINAL(x) later')).toBeNull();
    expect(withoutCode('a\n```repl\nb\n```\nc')).toBe('a\n\nc');
  });
  it('unwraps FINAL in a forced answer, else keeps the prose', () => {
    expect(forcedAnswer('FINAL(7)', noAnswer(null, 5))).toBe('7');
    expect(forcedAnswer('  it is 7  ', noAnswer(null, 5))).toBe('it is 7');
    expect(forcedAnswer('Checking:\n```repl\nprint(1)\n```\nFINAL(7)', noAnswer(null, 5))).toBe('7');
  });
  it('drops every fenced block from a forced answer', () => {
    const reply = 'The answer is 7.\n\n```repl\nprint(x)\n```\n\n\n```json\n{"a": 1}\n```\nSee above.\n```python\nunclosed';
    expect(forcedAnswer(reply, noAnswer(null, 5))).toBe('The answer is 7.\n\nSee above.');
    expect(forcedAnswer('<think>hmm</think>Seven.', noAnswer(null, 5))).toBe('Seven.');
  });
  it('a forced reply with nothing but code says clearly that there is no answer', () => {
    const none = '(No answer: the model used all 15 iterations without answering.)';
    expect(forcedAnswer('```repl\nFINAL(x)\n```', noAnswer(null, 15))).toBe(none);
    expect(forcedAnswer('  \n```\nplain\n```\n ', noAnswer(null, 15))).toBe(none);
    expect(forcedAnswer('', noAnswer(null, 15))).toBe(none);
  });
});

describe('truncation and feedback', () => {
  it('cuts with the official marker', () => {
    expect(truncate('abcdef', 4)).toBe('abcd... + [2 chars...]');
    expect(truncate('abc', 4)).toBe('abc');
  });
  it('numbers blocks and lists variables', () => {
    const base = { ok: true, final: null, durationMs: 1 };
    const one = feedbackMessage([{ ...base, stdout: 'hi\n', stderr: '', variables: ['a'] }], 100, [], 2, 5);
    expect(one).toContain('REPL output:\nhi\nREPL variables: [a]');
    expect(one).toContain('Turn 2/5');
    const two = feedbackMessage(
      [
        { ...base, stdout: 'x'.repeat(50), stderr: '', variables: [] },
        { ...base, ok: false, stdout: '', stderr: 'ValueError: bad', variables: [] },
      ],
      20,
      [],
      3,
      5,
    );
    expect(two).toContain('REPL output (block 1):\nxxxxxxxxxxxxxxxxxxxx... + [30 chars...]');
    expect(two).toContain('REPL output (block 2):\nstderr:\nValueError: bad');
  });
});

describe('responseParts', () => {
  it('keeps every fence in order and numbers only the ones that run', () => {
    const r = 'Plan:\n```json\n{"k": 1}\n```\nthen\n```python\nprint(0)\n```\n```repl\nprint(1)\n```\n```repl\nprint(2)\n```\nbye';
    expect(responseParts(r)).toEqual([
      { kind: 'prose', text: 'Plan:' },
      { kind: 'fence', lang: 'json', body: '{"k": 1}', block: null },
      { kind: 'prose', text: 'then' },
      { kind: 'fence', lang: 'python', body: 'print(0)', block: null },
      { kind: 'fence', lang: 'repl', body: 'print(1)', block: 1 },
      { kind: 'fence', lang: 'repl', body: 'print(2)', block: 2 },
      { kind: 'prose', text: 'bye' },
    ]);
  });
  it('without repl, python fences run; untagged and other fences never do', () => {
    const parts = responseParts('```\nraw\n```\n```py\nx = 1\n```\n```text\nnote\n```');
    expect(parts.map((p) => (p.kind === 'fence' ? [p.lang, p.block] : p.text))).toEqual([['', null], ['py', 1], ['text', null]]);
  });
});
