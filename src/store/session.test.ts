/** Sessions in the store: follow-ups on one REPL, history_<n>, context_<n> from a mid-session file, one history item. */
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { createAppStore } from './createStore';
import { testDeps } from './testDeps';
import { ScriptedProvider } from '../core/testing';
import { turnPlan } from './sessionSlice';
import { buildIndex, searchIds } from '../ui/history/historySearch';
import type { EventOf, RunEvent } from '../core/events';
import type { ChatMessage } from '../core/types';

function app() {
  const t = testDeps();
  const provider = new ScriptedProvider(() => '```repl\nFINAL(1)\n```');
  const store = createAppStore({ ...t.deps, createProvider: () => provider });
  t.sandbox.setStatus({ state: 'ready' });
  const ask = async (q: string) => {
    store.getState().setQuestion(q);
    await store.getState().startRun();
  };
  return { ...t, store, provider, ask };
}

const starts = (events: RunEvent[]) => events.filter((e): e is EventOf<'run-started'> => e.type === 'run-started' && e.parentCallId === null);
const firstUser = (call: ChatMessage[]) => call.find((m) => m.role === 'user')!.content;
const file = (name: string) => new File(['second file'], name, { type: 'text/plain' });

describe('a session: follow-ups on one REPL', () => {
  it('resets the sandbox for the first turn only; each later turn gets a fresh answer dict instead', async () => {
    const a = app();
    await a.ask('one');
    expect(a.sandbox.resets).toBe(1);
    await a.ask('two');
    await a.ask('three');
    expect(a.sandbox.resets).toBe(1);
    // Before turns 2 and 3: the last turn's answer["ready"] = True must not end the new one at once.
    expect(a.sandbox.codes.filter((c) => c.startsWith('answer = {'))).toHaveLength(2);
    const events = a.store.getState().runEvents;
    expect(starts(events).map((e) => [e.runId, e.turn, e.question])).toEqual([
      ['uuid-1', 0, 'one'],
      ['uuid-1', 1, 'two'],
      ['uuid-1', 2, 'three'],
    ]);
    expect(a.store.getState().trajectory?.turns.map((tn) => tn.final?.answer)).toEqual(['1', '1', '1']);
  });

  it("binds each turn's root conversation as history_<turn> and tells the next turn it is there", async () => {
    const a = app();
    await a.ask('one');
    await a.ask('two');
    const h0 = a.sandbox.vars.get('history_0') as ChatMessage[];
    expect(h0[0].role).toBe('system');
    expect(h0.at(-1)).toEqual({ role: 'assistant', content: '```repl\nFINAL(1)\n```' });
    expect(firstUser(h0)).toContain('Answer the following: one');
    expect(a.sandbox.vars.has('history_1')).toBe(true);
    expect(firstUser(a.provider.calls[0])).not.toContain('prior conversation');
    expect(firstUser(a.provider.calls[1])).toContain('Note: You have 1 prior conversation history available (history_0).');
    expect(a.store.getState().session).toMatchObject({ runId: 'uuid-1', nextTurn: 2, histories: 2 });
  });

  it('loads a file dropped mid-session as context_1 (variables kept, `context` unchanged) and says so to the model', async () => {
    const a = app();
    await a.store.getState().setFiles([file('a.txt')]);
    await a.ask('one');
    const before = a.store.getState().context;
    await a.store.getState().setFiles([file('b.txt')]);
    expect(a.log).toContain('load b.txt@1');
    expect(a.store.getState().context).toBe(before);
    expect(a.store.getState().session?.extraContexts.map((m) => m.name)).toEqual(['b.txt']);
    await a.ask('two');
    expect(a.sandbox.resets).toBe(1);
    const u = firstUser(a.provider.calls[1]);
    expect(u).toContain('Note: You have 2 contexts available (context_0 through context_1).');
    expect(u).toContain('context_1 is a str with 5 total characters (from "b.txt").');
    expect(starts(a.store.getState().runEvents)[1].session).toMatchObject({ contexts: 2, histories: 1 });
    // A second file is the next slot, not a replacement.
    await a.store.getState().setFiles([file('c.txt')]);
    expect(a.log).toContain('load c.txt@2');
  });

  it("records each turn's model: the root model may change between turns", async () => {
    const a = app();
    await a.ask('one');
    a.store.getState().updateSettings((s) => ({ ...s, rootModel: 'other' }));
    await a.ask('two');
    const t = a.store.getState().trajectory!;
    expect(t.turns.map((tn) => tn.settings.rootModel)).toEqual(['m', 'other']);
    expect((await a.history.list())[0].models).toEqual(expect.arrayContaining(['m', 'other']));
  });

  it('saves the session as one history item with every turn, found by any of its questions', async () => {
    const a = app();
    await a.ask('alpha question');
    await a.ask('bravo question');
    await a.ask('charlie question');
    const list = await a.history.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ runId: 'uuid-1', question: 'alpha question', turns: 3, iterations: 3 });
    const stored = await a.history.load('uuid-1');
    expect(starts(stored!).map((e) => e.turn)).toEqual([0, 1, 2]);
    expect(searchIds(buildIndex(MiniSearch, list), 'charlie')).toEqual(['uuid-1']);
  });
});

describe('what ends a session', () => {
  it('New session resets the REPL and starts turn 0 of a new run; the old session stays in history', async () => {
    const a = app();
    await a.ask('one');
    await a.ask('two');
    await a.store.getState().newSession();
    expect(a.sandbox.resets).toBe(2);
    expect(a.store.getState().session).toBeNull();
    expect(a.store.getState().trajectory).toBeNull();
    await a.ask('fresh');
    expect(a.sandbox.resets).toBe(3);
    expect(starts(a.store.getState().runEvents).map((e) => [e.runId, e.turn])).toEqual([['uuid-2', 0]]);
    expect((await a.history.list()).map((r) => r.runId).sort()).toEqual(['uuid-1', 'uuid-2']);
  });

  it('a run reopened from history is not continued: its REPL state is not the live one', async () => {
    const a = app();
    await a.ask('one');
    await a.store.getState().newSession();
    await a.ask('other');
    await a.store.getState().openRun('uuid-1');
    expect(turnPlan(a.store.getState()).kind).toBe('new');
    await a.ask('again');
    expect(starts(a.store.getState().runEvents).map((e) => [e.runId, e.turn])).toEqual([['uuid-3', 0]]);
    // The live session, shown again, is still the live one.
    await a.store.getState().openRun('uuid-3');
    expect(turnPlan(a.store.getState())).toMatchObject({ kind: 'follow-up', runId: 'uuid-3', turn: 1 });
  });

  it('removing or replacing `context` ends the session (it starts a fresh namespace)', async () => {
    const a = app();
    await a.ask('one');
    await a.store.getState().clearContext();
    expect(a.store.getState().session).toBeNull();
    await a.ask('two');
    expect(starts(a.store.getState().runEvents)[0].turn).toBe(0);
  });
});
