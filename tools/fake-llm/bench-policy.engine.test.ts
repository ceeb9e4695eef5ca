/**
 * bench-good and bench-bad through the real engine (runRlm), the real Ollama provider over HTTP to the fake server
 * and real Pyodide in the Node sandbox host: the iteration counts and answers the benchmark tab will show.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRlm } from '../../src/core/loop';
import type { ContextFormat } from '../../src/core/types';
import { scoreAnswer } from '../../src/bench/score';
import { TASKS } from '../../src/bench/tasks/index';
import type { TaskCase } from '../../src/bench/types';
import { createProvider } from '../../src/providers';
import { SandboxClient } from '../../src/sandbox/client';
import { nodeWorkerTransport } from '../../src/sandbox/node-host';
import { createFakeLlmServer, type FakeLlmServer } from './server';

let server: FakeLlmServer;
let sandbox: SandboxClient;

beforeAll(async () => {
  server = await createFakeLlmServer({ port: 0 });
  sandbox = new SandboxClient(nodeWorkerTransport);
  await sandbox.whenReady();
}, 120_000);
afterAll(async () => {
  sandbox.dispose();
  await server.close();
});

async function run(model: string, c: TaskCase, format: ContextFormat = 'text', maxIterations = 4) {
  await sandbox.reset();
  const bytes = new TextEncoder().encode(c.context).buffer as ArrayBuffer;
  const meta = await sandbox.loadContext([{ name: format === 'json' ? 'ctx.json' : 'ctx.txt', format, bytes }]);
  const provider = createProvider({ kind: 'ollama', host: server.url }, { origin: 'http://localhost' });
  const out = await runRlm(
    { question: c.question, context: meta, rootModel: model, settings: { maxIterations, blockTimeoutMs: 20_000 } },
    { root: provider, sub: provider, repl: sandbox, emit: () => {} },
  );
  return { out, score: scoreAnswer(c.scorer, out.answer, c.expected) };
}

describe('bench policies in the real engine', () => {
  test('bench-good: NIAH and JSON aggregation (text and parsed JSON) in 2 iterations', async () => {
    const cases: [TaskCase, ContextFormat][] = [
      [TASKS.niah.generate({ seed: 42, trial: 0, lines: 1000 }), 'text'],
      [TASKS['json-agg'].generate({ seed: 42, trial: 0, sizeChars: 20_000 }), 'text'],
      [TASKS['json-agg'].generate({ seed: 42, trial: 1, sizeChars: 20_000 }), 'json'],
      [TASKS['oolong-pairs'].generate({ seed: 42, trial: 0, sizeChars: 20_000 }), 'text'],
    ];
    for (const [c, format] of cases) {
      const { out, score } = await run('bench-good', c, format);
      expect(score, `${c.caseId} ${out.answer}`).toMatchObject({ score: 1, correct: true });
      expect(out.iterations).toBe(2);
    }
  }, 120_000);

  test('bench-bad: NIAH 1234567 in 1 iteration; code-qa runs out of iterations (3) and is forced (iterations 4)', async () => {
    const niah = await run('bench-bad', TASKS.niah.generate({ seed: 42, trial: 0, lines: 1000 }));
    expect([niah.out.answer, niah.out.iterations, niah.score.correct]).toEqual(['1234567', 1, false]);
    const cq = await run('bench-bad', TASKS['code-qa'].generate({ seed: 42, trial: 0, sizeChars: 20_000 }), 'text', 3);
    expect(cq.out.via).toBe('forced');
    expect(cq.out.answer).toBe('I could not find it in the parts I read.');
    // The forced answer is one more root call, and the engine counts it.
    expect(cq.out.iterations).toBe(4);
  }, 120_000);
});
