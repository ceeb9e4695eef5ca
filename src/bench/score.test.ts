import { describe, expect, it } from 'vitest';
import { normalise, numbersIn, scoreAnswer } from './score';

const s = scoreAnswer;

describe('exact', () => {
  it('right, wrong, messy, null', () => {
    expect(s('exact', 'Paris', 'Paris').correct).toBe(true);
    expect(s('exact', 'The answer is "Paris".', 'paris').correct).toBe(true);
    expect(s('exact', '**Paris**', 'Paris').correct).toBe(true);
    expect(s('exact', 'The answer is 1,234,567.', '1234567').correct).toBe(true);
    expect(s('exact', 'Paris, France', 'Paris').correct).toBe(false);
    expect(s('exact', 'London', 'Paris')).toMatchObject({ score: 0, correct: false });
    expect(s('exact', null, 'Paris')).toEqual({ score: 0, correct: false, detail: 'no answer' });
    expect(s('exact', '   ', 'Paris').detail).toBe('no answer');
  });
  it('normalise strips prose prefixes and wrapping only', () => {
    expect(normalise('Final answer: `abc`.')).toBe('abc');
    expect(normalise('The  Answer is  Two words.')).toBe('two words');
  });
});

describe('number', () => {
  it('right, wrong, messy, null', () => {
    expect(s('number', '1234567', '1234567').correct).toBe(true);
    expect(s('number', 'The answer is 1234567.', '1234567').correct).toBe(true);
    expect(s('number', 'It is 1,234,567 (found on line 42).', '1234567').correct).toBe(true);
    expect(s('number', 'The answer is 12345678.', '1234567').correct).toBe(false);
    expect(s('number', '7654321', '1234567')).toMatchObject({ score: 0, detail: 'expected 1234567, the answer has 7654321' });
    // As written: "0000000" is not "0", nor "1,234,568" "1234568".
    expect(s('number', 'FINAL(0000000)', '1234567').detail).toBe('expected 1234567, the answer has 0000000');
    expect(s('number', 'It is 1,234,568.', '1234567').detail).toBe('expected 1234567, the answer has 1,234,568');
    expect(s('number', 'I could not find it.', '1234567').detail).toBe('expected 1234567, the answer has no number');
    expect(s('number', null, '5').correct).toBe(false);
    expect(s('number', 'total: -3.5', '-3.5').correct).toBe(true);
  });
  it('reads thousands separators as one number', () => {
    expect(numbersIn('1,234,567 and 89, 10')).toEqual([1234567, 89, 10]);
  });
});

describe('contains', () => {
  it('right, wrong, messy, null; not inside a longer word', () => {
    expect(s('contains', 'SECRET-ABCD2345', 'ABCD2345').correct).toBe(true);
    expect(s('contains', 'The secret code is secret-abcd2345.', 'ABCD2345').correct).toBe(true);
    expect(s('contains', 'The city is Lima.', 'Lima').correct).toBe(true);
    expect(s('contains', 'Limassol', 'Lima').correct).toBe(false);
    expect(s('contains', 'ABCD2344', 'ABCD2345').correct).toBe(false);
    expect(s('contains', null, 'Lima').correct).toBe(false);
    expect(s('contains', 'Defined in pkg/auth/rows_x2k.py.', 'pkg/auth/rows_x2k.py').correct).toBe(true);
  });
});

describe('oolong', () => {
  it('numbers get 0.75^|Δ| partial credit, correct only when exact', () => {
    expect(s('oolong', 'There are 1,204 records.', '1204')).toMatchObject({ score: 1, correct: true });
    const off2 = s('oolong', 'The answer is 1202.', '1204');
    expect(off2.score).toBeCloseTo(0.5625);
    expect(off2.correct).toBe(false);
    expect(s('oolong', 'lots', '1204').score).toBe(0);
    expect(s('oolong', null, '1204').score).toBe(0);
  });
  it('labels: the one named first, flipped by "less common"', () => {
    expect(s('oolong', 'location', 'location').correct).toBe(true);
    expect(s('oolong', "'location' is more common than 'entity'.", 'location').correct).toBe(true);
    expect(s('oolong', 'Entity is less common than location.', 'location').correct).toBe(true);
    expect(s('oolong', 'entity is more common than location', 'location')).toMatchObject({ correct: false, detail: 'expected "location", picked "entity"' });
    expect(s('oolong', 'The answer is human being.', 'human being').correct).toBe(true);
    expect(s('oolong', 'no idea', 'location').correct).toBe(false);
  });
  it('"same" needs an equality phrase', () => {
    expect(s('oolong', 'They are equally common.', 'same').correct).toBe(true);
    expect(s('oolong', 'Same', 'same').correct).toBe(true);
    expect(s('oolong', 'location is more common', 'same').correct).toBe(false);
  });
});

describe('set-f1', () => {
  const pairs = '(11111, 22222); (11111, 33333); (22222, 33333)';
  it('right in any order and format, partial, wrong, null', () => {
    expect(s('set-f1', '(22222, 33333), (11111, 22222) and (33333, 11111)', pairs)).toMatchObject({ score: 1, correct: true });
    expect(s('set-f1', 'The pairs are:\n- 11111 & 22222\n- 11111 & 33333\n- 22222 & 33333.', pairs).score).toBe(1);
    const one = s('set-f1', '(11111, 22222)', pairs);
    expect(one.score).toBeCloseTo(0.5);
    expect(one.correct).toBe(false);
    const extra = s('set-f1', '(11111, 22222), (11111, 33333), (22222, 33333), (44444, 55555)', pairs);
    expect(extra.score).toBeCloseTo(6 / 7);
    expect(extra.correct).toBe(true);
    expect(s('set-f1', 'none', pairs).score).toBe(0);
    expect(s('set-f1', null, pairs).score).toBe(0);
  });
  it('plain items split on commas, semicolons and lines', () => {
    expect(s('set-f1', 'Red; blue', 'red, blue, green').score).toBeCloseTo(0.8);
  });
});

describe('multi-needle', () => {
  const want = 'NEEDLE-AAAAAA, NEEDLE-BBBBBB, NEEDLE-CCCCCC, NEEDLE-DDDDDD, NEEDLE-EEEEEE';
  it('fraction found, pass at 80 %', () => {
    expect(s('multi-needle', want, want)).toMatchObject({ score: 1, correct: true });
    expect(s('multi-needle', 'I found needle-aaaaaa, NEEDLE-BBBBBB, NEEDLE-CCCCCC and NEEDLE-DDDDDD.', want)).toMatchObject({ score: 0.8, correct: true });
    expect(s('multi-needle', 'NEEDLE-AAAAAA, NEEDLE-BBBBBB', want)).toMatchObject({ score: 0.4, correct: false, detail: '2 of 5 codes found' });
    expect(s('multi-needle', 'NEEDLE-ZZZZZZ', want).score).toBe(0);
    expect(s('multi-needle', null, want).score).toBe(0);
  });
});
