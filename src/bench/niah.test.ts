import { describe, expect, it } from 'vitest';
import { makeNiah, scoreNiah } from './niah';

describe('makeNiah', () => {
  it('is reproducible from its seed and hides exactly one 7-digit number', () => {
    const a = makeNiah(42, 2000);
    expect(makeNiah(42, 2000)).toEqual(a);
    expect(makeNiah(43, 2000).answer).not.toBe(a.answer);
    expect(a.text.split('\n')).toHaveLength(2001);
    expect(a.text.match(/\b\d{7}\b/g)).toEqual([a.answer]);
    expect(a.text.split('\n')[a.needleLine]).toBe(`The secret number is ${a.answer}.`);
    expect(scoreNiah(a, `It is ${a.answer}`)).toBe(true);
    expect(scoreNiah(a, 'no idea')).toBe(false);
  });
});
