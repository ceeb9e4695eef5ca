import { describe, expect, it } from 'vitest';
import { importTrajectory } from '../import';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import type { ChatMessage } from '../types';
import { replay } from '../trajectory';
import { CommandRepl, ScriptedProvider } from '../testing';
import { eventsToOfficial } from './fromEvents';
import { writeOfficialLog } from './write';

/*
 * What a block's `rlm_calls` holds, as the package's LocalREPL records it: answered calls; a child RLM that
 * failed as the "Error: …" completion `_subcall` returns; a failed batch slot with an empty response and
 * `error` (LMHandler's per-slot failure); never a failed single llm_query. A child's usage_summary is its own
 * LM handler's: every model call it made, per model.
 */

const isChild = (m: ChatMessage[]) => m[1].content.includes('GOOD') || m[1].content.includes('BROKEN');

async function run() {
  const root = new ScriptedProvider((m) => {
    if (!isChild(m)) return '```repl\nllm ok\nllm BAD\nllmb a|BAD\nrlm GOOD\nrlm BROKEN\nfinal\n```';
    if (m[1].content.includes('BROKEN')) return '```repl\nfail\n```';
    // GOOD: two turns (one sub-call), then the answer: three model calls of its own.
    return m.length < 4 ? '```repl\nllm q\n```' : '```repl\nfinal good answer\n```';
  });
  const sub = new ScriptedProvider((m) => (m[0].content === 'BAD' ? new Error('boom') : `sub:${m[0].content}`));
  const events: RunEvent[] = [];
  let id = 0;
  await runRlm(
    { question: 'q', context: null, rootModel: 'root', subModel: 'sub', settings: { strategy: 'final', maxDepth: 2, maxErrors: 2 } },
    { root, sub, repl: new CommandRepl(), emit: (e) => events.push(e), newId: () => `n${++id}`, spawnRepl: async ({ context }) => new CommandRepl(context) },
  );
  return events;
}

const rawCalls = (text: string) => JSON.parse(text.split('\n')[1]).code_blocks[0].result.rlm_calls;

describe('official export: rlm_calls', () => {
  it('records what the official REPL records, and marks a failed batch slot with error', async () => {
    const text = writeOfficialLog(eventsToOfficial(await run()));
    const calls = rawCalls(text);
    expect(calls.map((c: { prompt: string }) => c.prompt)).toEqual(['ok', 'a', 'BAD', 'GOOD', 'BROKEN']);
    expect(calls[0]).toMatchObject({ response: 'sub:ok', usage_summary: { model_usage_summaries: { sub: { total_calls: 1, total_input_tokens: 10, total_output_tokens: 5 } } } });
    expect(calls[0]).not.toHaveProperty('error');
    expect(calls[2]).toMatchObject({ root_model: 'sub', response: '', error: 'boom', usage_summary: { model_usage_summaries: {} } });
    expect(calls[4].response).toBe('Error: child RLM stopped before answering: 2 iterations in a row had a failing block (limit 2)');
    expect(calls[4]).not.toHaveProperty('error');
  });

  it("a child's usage_summary counts every model call it made, per model", async () => {
    const good = rawCalls(writeOfficialLog(eventsToOfficial(await run())))[3];
    expect(good.response).toBe('good answer');
    expect(good.usage_summary.model_usage_summaries).toEqual({
      root: { total_calls: 2, total_input_tokens: 20, total_output_tokens: 10 },
      sub: { total_calls: 1, total_input_tokens: 10, total_output_tokens: 5 },
    });
    expect(good.metadata.iterations).toHaveLength(2);
  });

  it('reads the failed slot back on import, and writes the same calls again', async () => {
    const text = writeOfficialLog(eventsToOfficial(await run()));
    const back = replay(importTrajectory(text).events)!;
    const failed = Object.values(back.subcalls).filter((s) => s.depth === 0 && s.error);
    expect(failed).toMatchObject([{ prompt: 'BAD', error: 'boom', response: '', batched: true }]);
    const shape = (calls: Record<string, unknown>[]) => calls.map(({ prompt, response, error }) => ({ prompt, response, error }));
    expect(shape(rawCalls(writeOfficialLog(eventsToOfficial(importTrajectory(text).events))))).toEqual(shape(rawCalls(text)));
  });
});

describe('official export: a cached sub-call', () => {
  it('counts no model call (the first one did)', async () => {
    const events: RunEvent[] = [];
    const p = new ScriptedProvider(() => '```repl\nllm x\nllm x\nfinal\n```');
    await runRlm({ question: 'q', context: null, rootModel: 'm', settings: { strategy: 'final', subcallCache: true } }, { root: p, sub: p, repl: new CommandRepl(), emit: (e) => events.push(e) });
    const calls = rawCalls(writeOfficialLog(eventsToOfficial(events)));
    expect(calls.map((c: { usage_summary: { model_usage_summaries: object } }) => Object.keys(c.usage_summary.model_usage_summaries))).toEqual([['m'], []]);
  });
});
