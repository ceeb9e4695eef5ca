import { describe, expect, test } from 'vitest';
import { LIMITS, parseWorkerMessage } from './protocol';

const result = { stdout: '', stderr: '', ok: true, interrupted: false, final: null, variables: ['x'] };
const meta = { name: 'a', pyType: 'str', totalChars: 1, lines: 1, bytes: 1, head: 'a', tail: '', warnings: [] };

describe('parseWorkerMessage (the worker is untrusted)', () => {
  test('accepts well-formed messages', () => {
    for (const m of [
      { type: 'status', state: 'ready', bootMs: 12 },
      { type: 'status', state: 'ready', bootMs: 12, layers: { scope: true, csp: false, isolated: true } },
      { type: 'exec-result', id: 3, result },
      { type: 'exec-result', id: 3, result: { ...result, final: { via: 'answer', value: 'x' } } },
      { type: 'llm-request', id: 1, exec: 2, kind: 'llm', prompts: ['a', 'b'], model: 'm' },
      { type: 'llm-request', id: 1, exec: 9, kind: 'rlm', prompts: ['a'] },
      { type: 'ack', id: 6 },
      { type: 'ack', id: 6, error: 'setVar: reserved' },
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
      { type: 'status', state: 'ready', layers: { scope: true, csp: 'on', isolated: true } },
      { type: 'status', state: 'ready', layers: { scope: true, csp: true } },
      { type: 'status', state: 'ready', layers: { scope: true, csp: true, isolated: true, extra: true } },
      { type: 'exec-result', id: -1, result },
      { type: 'exec-result', id: 1.5, result },
      { type: 'exec-result', id: 1, result: { ...result, ok: 'yes' } },
      { type: 'exec-result', id: 1, result: { ...result, final: { via: 'eval', value: 'x' } } },
      { type: 'exec-result', id: 1, result: { ...result, stdout: 'x'.repeat(LIMITS.stdoutChars * 3) } },
      { type: 'llm-request', id: 1, exec: 1, kind: 'llm', prompts: [] },
      { type: 'llm-request', id: 1, exec: 1, kind: 'llm', prompts: [1] },
      { type: 'llm-request', id: 1, exec: 1, kind: 'llm', prompts: ['a'], model: 'm'.repeat(10_000) },
      { type: 'llm-request', id: 1, exec: 1, kind: 'llm', prompts: new Array(LIMITS.batch + 1).fill('a') },
      { type: 'llm-request', id: 1, prompts: ['a'] }, // no exec, no kind
      { type: 'llm-request', id: 1, exec: 1, kind: 'eval', prompts: ['a'] },
      { type: 'llm-request', id: 1, exec: -2, kind: 'rlm', prompts: ['a'] },
      { type: 'ack', id: 1, error: 'e'.repeat(LIMITS.messageChars * 4) },
      { type: 'ack', id: 1, error: 3 },
      { type: 'context-loaded', id: 1, meta: { ...meta, head: 'x'.repeat(5000) } },
      { type: 'context-loaded', id: 1, meta: { ...meta, totalChars: -1 } },
      { type: 'context-error', id: 1, code: 'weird', message: 'x' },
      { type: 'var-value', id: 1, value: 3 },
    ]) expect(parseWorkerMessage(m)).toBeNull();
  });
});
