/**
 * The whole engine in Node: real providers over HTTP to the fake LLM server,
 * real Pyodide through the Node sandbox host. The same parts the page uses.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRlm } from '../src/core/loop';
import type { RunEvent } from '../src/core/events';
import { replay } from '../src/core/trajectory';
import { createProvider } from '../src/providers';
import { SandboxClient } from '../src/sandbox/client';
import { nodeWorkerTransport } from '../src/sandbox/node-host';
import { createFakeLlmServer, type FakeLlmServer } from '../tools/fake-llm/server';
import { makeNiah } from '../src/bench/niah';

let server: FakeLlmServer;
let sandbox: SandboxClient;

beforeAll(async () => {
  server = await createFakeLlmServer({ port: 0 });
  sandbox = new SandboxClient(nodeWorkerTransport);
  await sandbox.whenReady();
});
afterAll(async () => {
  sandbox.dispose();
  await server.close();
});

async function run(model: string, question: string, text: string | null, kind: 'ollama' | 'openai' = 'ollama') {
  const meta = await sandbox.loadContext(text === null ? null : [{ name: 'ctx.txt', format: 'text', bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }]);
  const provider =
    kind === 'ollama'
      ? createProvider({ kind: 'ollama', host: server.url }, { origin: 'http://localhost' })
      : createProvider({ kind: 'openai', preset: 'custom', baseURL: `${server.url}/v1`, apiKey: 'sk-test' }, { origin: 'http://localhost' });
  const events: RunEvent[] = [];
  const out = await runRlm(
    { question, context: meta, rootModel: model, settings: { maxIterations: 6, blockTimeoutMs: 20_000 } },
    { root: provider, sub: provider, repl: sandbox, emit: (e) => events.push(e) },
  );
  return { out, traj: replay(events)! };
}

describe('engine + sandbox + providers', () => {
  test('solves a NIAH with code and one sub-call', async () => {
    const task = makeNiah(11, 3000);
    const { out, traj } = await run('solver', task.question, task.text);
    expect(out.answer).toBe(task.answer);
    expect(traj.iterations.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(traj.subcalls)).toHaveLength(1);
    expect(out.usage.root.estimated).toBe(false);
  });

  test('counts lines through the OpenAI-compatible path', async () => {
    const { out } = await run('solver', 'How many lines are in the context?', 'hello\nworld\n', 'openai');
    expect(out.answer).toContain('2');
  });

  test('runs ```python fences when a model writes no repl block', async () => {
    const task = makeNiah(12, 500);
    const { out, traj } = await run('solver-python', task.question, task.text);
    expect(out.answer).toBe(task.answer);
    expect(traj.iterations[0].blocks[0].lang).toBe('python');
  });

  test('a model that never answers gets a forced final answer', async () => {
    const { out, traj } = await run('garbage', 'What is in the file?', 'abc');
    expect(out.via).toBe('forced');
    expect(traj.iterations.at(-1)!.forced).toBe(true);
  });
});
