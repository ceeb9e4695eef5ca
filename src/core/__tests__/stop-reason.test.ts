import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { fillEnvelopes, migrateStored } from '../migrate';
import { runEventListSchema } from '../event-schema';
import { replay } from '../trajectory';
import { fromJsonl, toJsonl } from '../export';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { CommandRepl, ScriptedProvider } from '../testing';

const env = { runId: 'r', parentCallId: null, depth: 0, turn: 0 };
const settings = { rootModel: 'm', subModel: 'm', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: 3, maxOutputChars: 9, blockTimeoutMs: 9, subcallConcurrency: 1 };
const usage = { root: { inputTokens: 0, outputTokens: 0, estimated: false, calls: 0, cost: { usd: 0, complete: true } } };
const totals = { ...usage, sub: usage.root };

function oldRun(status: string, via: string | null): unknown[] {
  return [
    { type: 'run-started', ...env, at: 0, question: 'q', context: null, settings },
    ...(via ? [{ type: 'final', ...env, iteration: 1, at: 1, answer: 'a', via }] : []),
    { type: 'run-finished', ...env, at: 2, status, iterations: 1, wallMs: 2, usage: totals, answer: via ? 'a' : null },
  ];
}

describe('stop reasons of runs recorded before they existed', () => {
  it.each([
    ['done', 'FINAL', 'answered'],
    ['done', 'forced', 'iterations'],
    ['stopped', null, 'stopped'],
    ['error', null, 'error'],
  ])('status %s with final via %s → %s', (status, via, reason) => {
    const filled = fillEnvelopes(oldRun(status, via));
    expect(filled.at(-1)).toMatchObject({ reason });
    const events = v.parse(runEventListSchema, filled);
    expect(replay(events)!.finished?.reason).toBe(reason);
    // Stored records are migrated too, and the trajectory derives it even from an unmigrated event.
    expect(migrateStored({ runId: 'r', events: oldRun(status, via) })).toMatchObject({ events: filled });
    expect(replay(oldRun(status, via) as RunEvent[])!.finished?.reason).toBe(reason);
  });

  it('a new run exports and imports with its reason, budget settings and sub-call kinds', async () => {
    const events: RunEvent[] = [];
    const p = new ScriptedProvider(() => '```repl\nrlm x\nllm y\nfinal\n```');
    await runRlm({ question: 'q', context: null, rootModel: 'm', settings: { maxSubcalls: 5, subcallCache: true } }, { root: p, sub: p, repl: new CommandRepl(), emit: (e) => events.push(e) });
    const back = fromJsonl(toJsonl(events));
    expect(back.find((e) => e.type === 'run-started')).toMatchObject({ settings: { maxSubcalls: 5, subcallCache: true, maxDepth: 1, maxWallMs: null } });
    expect(back.filter((e) => e.type === 'subcall-started').map((e) => e.type === 'subcall-started' && e.kind)).toEqual(['llm', 'llm']);
    expect(back.at(-1)).toMatchObject({ type: 'run-finished', reason: 'answered' });
    expect(() => v.parse(runEventListSchema, [{ ...back.at(-1), reason: 'bored' }])).toThrow();
  });
});
