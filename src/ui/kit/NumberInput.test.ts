import { describe, expect, it } from 'vitest';
import { numberProblem } from './NumberInput';

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
