/**
 * Recursion, budgets and the window check over HTTP: the real Ollama provider against the fake
 * LLM server (scripted root and child models, `solver` as the sub-model), with the line-language
 * CommandRepl standing in for Pyodide (the sandbox's rlm_query is another engineer's part).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRlm } from '../src/core/loop';
import type { EventOf, RunEvent } from '../src/core/events';
import { replay } from '../src/core/trajectory';
import { runStats } from '../src/core/tree';
import { CommandRepl } from '../src/core/testing';
import { createProvider } from '../src/providers';
import { createFakeLlmServer, type FakeLlmServer } from '../tools/fake-llm/server';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await createFakeLlmServer({ port: 0, latencyMs: 0, chunkDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
});

async function run(rootModel: string, settings: object) {
  const provider = createProvider({ kind: 'ollama', host: server.url }, { origin: 'http://localhost' });
  const events: RunEvent[] = [];
  const out = await runRlm(
    { question: 'What is the secret?', context: null, rootModel, subModel: 'solver', settings },
    { root: provider, sub: provider, repl: new CommandRepl(), emit: (e) => events.push(e), spawnRepl: async ({ context }) => new CommandRepl(context) },
  );
  return { out, events, traj: replay(events)! };
}

describe('recursion against the fake LLM server', () => {
  test('depth 2: the child runs on the model the code names, its answer returns to the parent, usage rolls up', async () => {
    const child = server.scripts.register('rec-child', ['```repl\nllm The secret number is 4242.\nfinal\n```']);
    const root = server.scripts.register('rec-root', [`\`\`\`repl\nrlm@${child} find the secret\nfinal\n\`\`\``]);
    const { out, events, traj } = await run(root, { maxDepth: 2 });
    expect(out).toMatchObject({ status: 'done', reason: 'answered', answer: '4242' });
    const started = events.filter((e): e is EventOf<'run-started'> => e.type === 'run-started');
    expect(started.map((e) => [e.depth, e.settings.rootModel])).toEqual([[0, root], [1, child]]);
    const stats = runStats(traj);
    const u = out.usage;
    expect(u.root.estimated || u.sub.estimated).toBe(false);
    expect(stats.tokensIn).toBe(u.root.inputTokens + u.sub.inputTokens);
    expect(stats.tokensOut).toBe(u.root.outputTokens + u.sub.outputTokens);
    expect(u.sub.calls).toBe(2); // the child's root call and its llm_query
    expect(stats.maxDepth).toBe(1);
  });

  test("a sub-call too big for the sub-model's window fails before it is sent", async () => {
    const root = server.scripts.register('rec-window', [`\`\`\`repl\nllm ${'x'.repeat(200_000)}\nfinal\n\`\`\``]);
    server.resetStats();
    const { out } = await run(root, {});
    expect(out.answer).toBe("Error: prompt is ~50,000 tokens; model solver's window is 40,960 tokens. Split it into smaller pieces.");
    expect(server.stats.models['solver']).toBeUndefined();
  });

  test('maxTokens counts the real reported usage and stops the tree', async () => {
    const child = server.scripts.register('rec-loop-child', Array(10).fill('still working\n```repl\nllm The secret number is 1.\n```'));
    const root = server.scripts.register('rec-loop-root', [`\`\`\`repl\nrlm@${child} go\n\`\`\``]);
    const { out, events } = await run(root, { maxDepth: 2, maxTokens: 1500 });
    const ends = events.filter((e): e is EventOf<'run-finished'> => e.type === 'run-finished').map((e) => [e.depth, e.reason]);
    expect(ends).toEqual([[1, 'tokens'], [0, 'tokens']]);
    const used = out.usage.root.inputTokens + out.usage.root.outputTokens + out.usage.sub.inputTokens + out.usage.sub.outputTokens;
    expect(used).toBeGreaterThanOrEqual(1500);
    // The root's last response was code only: no prose to give, and it says why.
    expect(out.answer).toMatch(/^\(No answer: the run ended before the model answered: token budget exhausted \([\d,]+ of 1,500 tokens used\)\.\)$/);
  });
});
