import { describe, expect, test } from 'vitest';
import { LIMITS, parseWorkerMessage } from './protocol';

const result = { stdout: '', stderr: '', ok: true, interrupted: false, final: null, variables: ['x'] };
const meta = { name: 'a', pyType: 'str', totalChars: 1, lines: 1, bytes: 1, head: 'a', tail: '', warnings: [] };

describe('parseWorkerMessage (the worker is untrusted)', () => {
  test('accepts well-formed messages', () => {
    for (const m of [
      { type: 'status', state: 'ready', bootMs: 12 },
      { type: 'exec-result', id: 3, result },
      { type: 'exec-result', id: 3, result: { ...result, final: { via: 'answer', value: 'x' } } },
      { type: 'llm-request', id: 1, prompts: ['a', 'b'], model: 'm' },
      { type: 'context-loaded', id: 2, meta },
      { type: 'context-loaded', id: 2, meta: null },
      { type: 'context-error', id: 2, code: 'bad-json', file: 'f.json', message: 'bad' },
      { type: 'var-value', id: 4, value: null },
      { type: 'reset-done', id: 5 },
    ]) expect(parseWorkerMessage(m)).toBe(m);
  });

  test('rejects bad shapes, types and sizes', () => {
    for (const m of [
      null, 'status', [], { type: 'nope' }, { type: 'toString' }, { type: 'status', state: 'hacked' },
      { type: 'exec-result', id: -1, result },
      { type: 'exec-result', id: 1.5, result },
      { type: 'exec-result', id: 1, result: { ...result, ok: 'yes' } },
      { type: 'exec-result', id: 1, result: { ...result, final: { via: 'eval', value: 'x' } } },
      { type: 'exec-result', id: 1, result: { ...result, stdout: 'x'.repeat(LIMITS.stdoutChars * 3) } },
      { type: 'llm-request', id: 1, prompts: [] },
      { type: 'llm-request', id: 1, prompts: [1] },
      { type: 'llm-request', id: 1, prompts: ['a'], model: 'm'.repeat(10_000) },
      { type: 'llm-request', id: 1, prompts: new Array(LIMITS.batch + 1).fill('a') },
      { type: 'context-loaded', id: 1, meta: { ...meta, head: 'x'.repeat(5000) } },
      { type: 'context-loaded', id: 1, meta: { ...meta, totalChars: -1 } },
      { type: 'context-error', id: 1, code: 'weird', message: 'x' },
      { type: 'var-value', id: 1, value: 3 },
    ]) expect(parseWorkerMessage(m)).toBeNull();
  });
});
