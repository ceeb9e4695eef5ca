import { describe, expect, it } from 'vitest';
import { HEADLINE_KEYS, missingHeadlines } from './check';

describe('missingHeadlines', () => {
  const all = Object.fromEntries(HEADLINE_KEYS.map((k) => [k, 1]));

  it('is empty when every headline figure is a number, however slow', () => {
    expect(missingHeadlines({ ...all, niah2_run_ms_1k: 99_999 })).toEqual([]);
  });

  it('names the figures that are null, absent or not finite', () => {
    const { bundle_kb_gzip: _gone, ...rest } = all;
    expect(missingHeadlines({ ...rest, niah2_run_ms_1k: null, step_ms_p95_1000: Number.NaN })).toEqual(
      ['niah2_run_ms_1k', 'bundle_kb_gzip', 'step_ms_p95_1000'],
    );
  });

  it('guards the run figures the issue named', () => {
    for (const k of ['niah2_first_run_ms_1k', 'niah2_run_ms_1k', 'niah2_run_ms_1m']) expect(HEADLINE_KEYS).toContain(k);
  });
});
