/** The library against the fake LLM server and real Pyodide (a worker thread per sandbox). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import { makeNiah } from '../bench/niah';
import { RLM, type RunEvent } from './index';

let fake: FakeLlmServer;
let rlm: RLM;

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
  rlm = new RLM({ model: 'solver', host: fake.url });
});
afterAll(async () => {
  await rlm?.close();
  await fake?.close();
});

describe('RLM library', () => {
  it('finds the needle, with the same events the page consumes', async () => {
    const task = makeNiah(42, 2000);
    const stream = rlm.stream({ prompt: task.question, context: task.text });
    const seen: RunEvent[] = [];
    for await (const e of stream) seen.push(e);
    const r = await stream.result;
    expect(r.answer?.trim()).toBe(task.answer);
    expect(r.stopReason).toBe('answered');
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.cost).toBe(0); // a local Ollama model costs nothing
    const types = new Set(seen.map((e) => e.type));
    for (const t of ['run-started', 'iteration-started', 'token', 'code-started', 'code-finished', 'subcall-finished', 'final', 'run-finished']) expect(types).toContain(t);
    expect(r.trajectory).toEqual(seen.filter((e) => e.type !== 'token'));
  });

  it('keeps the REPL across a session; several contexts become context_0, context_1', async () => {
    const coder = new RLM({ model: 'coder', host: fake.url });
    const s = coder.session();
    try {
      const a = await s.completion({ prompt: 'Run `x = 6 * 7; print(x)`', context: [{ name: 'a.txt', content: 'alpha' }, { name: 'b.txt', content: 'beta' }] });
      expect(a.answer).toBe('42');
      const b = await s.completion({ prompt: 'Run `print(x + 1, context_1, len(history_0) > 0)`' });
      expect(b.answer).toBe('43 beta True');
      expect(b.turn).toBe(1);
      expect(b.runId).toBe(a.runId);
    } finally {
      await s.close();
      await coder.close();
    }
  });

  it('a fresh completion does not see an earlier one\'s variables', async () => {
    const coder = new RLM({ model: 'coder', host: fake.url });
    try {
      await coder.completion({ prompt: 'Run `leak = 1; print(leak)`' });
      const r = await coder.completion({ prompt: "Run `print('leak' in globals())`" });
      expect(r.answer).toBe('False');
    } finally {
      await coder.close();
    }
  });
});
