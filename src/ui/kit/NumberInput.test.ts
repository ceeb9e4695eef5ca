import { describe, expect, it } from 'vitest';
import { numberProblem, settleNumber } from './NumberInput';

describe('numberProblem', () => {
  it('accepts values in range, including the bounds and decimals', () => {
    expect(numberProblem('2048', 2048, 1_048_576)).toBeNull();
    expect(numberProblem('1048576', 2048, 1_048_576)).toBeNull();
    expect(numberProblem('0.7', 0, 2)).toBeNull();
  });
  it('names what is wrong with what was typed', () => {
    expect(numberProblem('', 500, 1_000_000)).toBe('Enter a number from 500 to 1000000.');
    expect(numberProblem('  ', 1, 100)).toBe('Enter a number from 1 to 100.');
    expect(numberProblem('200', 500, 1_000_000)).toBe('200 is below the minimum of 500.');
    expect(numberProblem('150', 1, 100)).toBe('150 is above the maximum of 100.');
  });
});

describe('settleNumber', () => {
  it('a required field keeps its value on an empty or bad entry', () => {
    expect(settleNumber('42', { min: 1, max: 100, optional: false, saved: 7 })).toEqual({ ok: true, value: 42 });
    expect(settleNumber('', { min: 1, max: 100, optional: false, saved: 7 })).toEqual({ ok: false, problem: 'Enter a number from 1 to 100. Kept 7.' });
  });
  it('an optional field takes empty as no limit, and says so when the entry is bad', () => {
    expect(settleNumber(' ', { min: 0, max: 9, optional: true, saved: 3 })).toEqual({ ok: true, value: null });
    expect(settleNumber('12', { min: 0, max: 9, optional: true, saved: null })).toEqual({
      ok: false,
      problem: '12 is above the maximum of 9. Leave it empty for no limit. Kept no limit.',
    });
  });
});
