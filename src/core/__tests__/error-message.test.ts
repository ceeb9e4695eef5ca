import { describe, expect, it } from 'vitest';
import { errorMessage } from '../error-message';

describe('errorMessage', () => {
  it("prefers a provider error's advice over its raw message", () => {
    const e = Object.assign(new Error('HTTP 401'), { userMessage: 'The API key was refused: check it in settings.' });
    expect(errorMessage(e)).toBe('The API key was refused: check it in settings.');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
  });
});
