import { describe, expect, it } from 'vitest';
import { runStatusLabel } from './runStatus';

describe('the run view status badge', () => {
  it('calls a reopened run that never finished interrupted, not running', () => {
    expect(runStatusLabel('running', false)).toBe('interrupted');
    expect(runStatusLabel('running', true)).toBe('running');
    expect(runStatusLabel('error', false)).toBe('error');
  });

  it('says paused while step mode holds the live run, never for a finished one', () => {
    expect(runStatusLabel('running', true, true)).toBe('paused');
    expect(runStatusLabel('done', false, true)).toBe('done');
  });
});
