import { describe, expect, test } from 'vitest';
import { onControlling } from './register';

const first = { updating: false, isUpdate: false, reloadedBefore: false, missingHeaders: true, busy: false, holds: false };

describe('when the service worker takes the page', () => {
  test('a header-less host: one reload, and only once per tab', () => {
    expect(onControlling(first)).toBe('header-reload');
    expect(onControlling({ ...first, reloadedBefore: true })).toBe('nothing');
  });

  test('never during a run, and not over a loaded file or a session without asking', () => {
    expect(onControlling({ ...first, busy: true })).toBe('hold');
    expect(onControlling({ ...first, holds: true })).toBe('hold');
  });

  test('a host that sends the headers, or a later take-over: nothing', () => {
    expect(onControlling({ ...first, missingHeaders: false })).toBe('nothing');
    expect(onControlling({ ...first, isUpdate: true })).toBe('nothing');
  });

  test('the update the user asked for reloads', () => {
    expect(onControlling({ ...first, updating: true, isUpdate: true, missingHeaders: false })).toBe('update-reload');
  });
});
