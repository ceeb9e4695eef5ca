import { describe, expect, it } from 'vitest';
import { parseCases } from './custom';

const good = [
  JSON.stringify({ question: 'Capital?', context: 'France: Paris', expected: 'Paris' }),
  '',
  JSON.stringify({ question: 'How many?', context_file: 'data.txt', answer: 42, scorer: 'number' }),
  JSON.stringify({ id: 'j', question: 'Sum?', context: { rows: [1, 2] }, expected: '3', scorer: 'number' }),
].join('\n');

describe('parseCases', () => {
  it('reads every field form, context files and defaults', () => {
    const r = parseCases(good, new Map([['data.txt', 'a\nb']]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cases.map((c) => [c.caseId, c.context, c.expected, c.scorer])).toEqual([
      ['custom:1', 'France: Paris', 'Paris', 'exact'],
      ['custom:3', 'a\nb', '42', 'number'],
      ['custom:j', '{"rows":[1,2]}', '3', 'number'],
    ]);
    expect(r.cases[0].task).toBe('custom');
  });

  it.each([
    ['{"question": "q", "context": "c", "expected": "x"}\n{bad json', 2, 'Line 2: is not valid JSON'],
    ['[1,2]', 1, 'Line 1: must be a JSON object'],
    ['{"context": "c", "expected": "x"}', 1, 'Line 1: needs a non-empty "question" string.'],
    ['{"question": "q", "expected": "x"}', 1, 'Line 1: needs "context" (the text) or "context_file"'],
    ['{"question": "q", "context": "c", "context_file": "f", "expected": "x"}', 1, 'has both "context" and "context_file"'],
    ['{"question": "q", "context_file": "missing.txt", "expected": "x"}', 1, 'context_file "missing.txt" was not dropped beside the JSONL (files dropped: data.txt)'],
    ['{"question": "q", "context": "c"}', 1, 'Line 1: needs "expected" (or "answer").'],
    ['{"question": "q", "context": "c", "expected": ["x"]}', 1, '"expected" must be a string or a number'],
    ['\n\n{"question": "q", "context": "c", "expected": "x", "scorer": "fuzzy"}', 3, 'Line 3: scorer "fuzzy" is not one of exact, number, contains, oolong, set-f1, multi-needle.'],
    ['{"id": 1, "question": "q", "context": "c", "expected": "x"}\n{"id": 1, "question": "q", "context": "c", "expected": "x"}', 2, 'id "1" is used twice'],
    ['\n  \n', 0, 'The file has no cases'],
  ])('rejects %j at line %i, returning no cases', (text, line, message) => {
    const r = parseCases(text, new Map([['data.txt', 'x']]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.line).toBe(line);
    expect(r.message).toContain(message);
    expect('cases' in r).toBe(false);
  });

  it('a bad line after good ones still returns nothing', () => {
    expect(parseCases(`${good}\n{"question": 1}`, new Map([['data.txt', '']]))).toEqual({ ok: false, line: 5, message: 'Line 5: needs a non-empty "question" string.' });
  });
});
