import { describe, expect, it } from 'vitest';
import { etaMs, formatSize, parseNumberList } from './eta';

describe('ETA', () => {
  it('extrapolates the pace so far', () => {
    expect(etaMs(2, 10, 1_000, 5_000)).toBe(16_000);
  });
  it('has no estimate before the first trial or after the last', () => {
    expect(etaMs(0, 10, 0, 5_000)).toBeNull();
    expect(etaMs(10, 10, 0, 5_000)).toBeNull();
  });
});

describe('number lists', () => {
  it('reads commas, spaces, k and M suffixes, drops repeats', () => {
    expect(parseNumberList('1000, 8k 1M;1000')).toEqual({ ok: true, values: [1000, 8000, 1_000_000] });
  });
  it('names the token that is not a positive whole number', () => {
    expect(parseNumberList('1000, -5')).toEqual({ ok: false, bad: '-5' });
    expect(parseNumberList('1.5')).toEqual({ ok: false, bad: '1.5' });
    expect(parseNumberList('lots')).toEqual({ ok: false, bad: 'lots' });
  });
  it('labels sizes', () => {
    expect([formatSize(8000), formatSize(1_500_000), formatSize(999)]).toEqual(['8K', '1.5M', '999']);
  });
});
