import { describe, expect, it } from 'vitest';
import { runRlm } from '../loop';
import type { EventOf, RunEvent } from '../events';
import * as v from 'valibot';
import { runEventSchema } from '../event-schema';
import { CommandRepl, ScriptedProvider } from '../testing';

/** The benchmark's "RLM without sub-calls": refusals the code can read, the run goes on, the prompt says so. */
function run(noSubcalls: boolean) {
  const events: RunEvent[] = [];
  const root = new ScriptedProvider(() => '```repl\nllm q1\nrlm q2\nfinal\n```');
  const sub = new ScriptedProvider(() => 'sub-answer');
  const repl = new CommandRepl();
  const done = runRlm(
    { question: 'q', context: null, rootModel: 'm', ...(noSubcalls ? { noSubcalls } : {}) },
    { root, sub, repl, emit: (e) => events.push(e), spawnRepl: async () => new CommandRepl() },
  );
  return { done, events, root, sub };
}

describe('noSubcalls', () => {
  it('refuses llm_query and rlm_query with an Error string, keeps running, and says so in the system prompt', async () => {
    const { done, events, root, sub } = run(true);
    const out = await done;
    expect(out.status).toBe('done');
    expect(out.iterations).toBe(1);
    expect(sub.calls).toHaveLength(0);
    const finished = events.filter((e): e is EventOf<'subcall-finished'> => e.type === 'subcall-finished');
    expect(finished).toHaveLength(2);
    expect(finished.every((f) => /sub-calls are disabled/.test(f.error ?? ''))).toBe(true);
    expect(out.answer).toMatch(/^Error: sub-calls are disabled.*,Error: sub-calls are disabled/);
    expect(root.calls[0][0].content).toMatch(/In this run sub-calls are disabled/);
    const started = events.find((e): e is EventOf<'run-started'> => e.type === 'run-started')!;
    expect(started.settings.noSubcalls).toBe(true);
    expect(v.parse(runEventSchema, JSON.parse(JSON.stringify(started)))).toMatchObject({ settings: { noSubcalls: true } });
  });

  it('without the flag the same code gets answers and the prompt has no such line', async () => {
    const { done, events, root, sub } = run(false);
    const out = await done;
    expect(out.answer).toBe('sub-answer,sub-answer');
    expect(sub.calls).toHaveLength(2);
    expect(root.calls[0][0].content).not.toMatch(/sub-calls are disabled/);
    expect(events.find((e): e is EventOf<'run-started'> => e.type === 'run-started')!.settings).not.toHaveProperty('noSubcalls');
  });
});
