import { describe, expect, it } from 'vitest';
import { runRlm, type RunInput, type RunOutcome } from '../loop';
import type { EventOf, RunEvent, SessionInfo } from '../events';
import { fromJsonl, toJsonl } from '../export';
import { eventsToOfficial } from '../official/fromEvents';
import { writeOfficialLog } from '../official/write';
import { toNotebook } from '../notebook';
import { replay } from '../trajectory';
import { sessionNotes } from '../session-prompt';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import type { ChatMessage, ContextMeta } from '../types';

const META: ContextMeta = { name: 'a.txt', pyType: 'str', totalChars: 5, lines: 1, bytes: 5, head: 'hello', tail: 'hello', warnings: [] };
const EXTRA: ContextMeta = { ...META, name: 'b.txt', totalChars: 1234 };

/** One turn of a session: explore, then answer; the provider records what the root model was sent. */
async function turn(events: RunEvent[], input: Partial<RunInput>, answer: string) {
  const p = new ScriptedProvider((_m, call) => (call === 0 ? '```repl\nprint(1)\n```' : `FINAL(${answer})`));
  const repl = new ScriptedRepl(() => ({ stdout: '1\n' }));
  const out = await runRlm(
    { question: `q${answer}`, context: META, rootModel: 'm', runId: 'sess', ...input },
    { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => 10, newId: () => 'id' },
  );
  return { out, calls: p.calls };
}

const firstUser = (calls: ChatMessage[][]) => calls[0].find((m) => m.role === 'user')!.content;
const starts = (events: RunEvent[]) => events.filter((e): e is EventOf<'run-started'> => e.type === 'run-started');

describe('session turns: the prompt says what the REPL holds', () => {
  it('uses the official wording for contexts and histories, and names what a mid-session file is', () => {
    const s: SessionInfo = { contexts: 2, histories: 2, extraContexts: [EXTRA] };
    const notes = sessionNotes(s).join('\n');
    expect(notes).toContain('Note: You have 2 contexts available (context_0 through context_1).');
    expect(notes).toContain('context_1 is a str with 1,234 total characters (from "b.txt").');
    expect(notes).toContain('Note: You have 2 prior conversation histories available (history_0 through history_1).');
    expect(sessionNotes({ contexts: 1, histories: 1 }).join('\n')).toContain('Note: You have 1 prior conversation history available (history_0).');
    // A lone run or a first turn is told nothing extra, as the official with one context and no history.
    expect(sessionNotes(undefined)).toEqual([]);
    expect(sessionNotes({ contexts: 1, histories: 0 })).toEqual([]);
  });

  it('puts the notes in the first user message of a later turn only, and records them on its run-started', async () => {
    const events: RunEvent[] = [];
    const t0 = await turn(events, {}, '1');
    const t2 = await turn(events, { turn: 2, session: { contexts: 2, histories: 2, extraContexts: [EXTRA] } }, '3');
    expect(firstUser(t0.calls)).not.toContain('Note: You have');
    const u = firstUser(t2.calls);
    expect(u).toContain('Note: You have 2 contexts available (context_0 through context_1).');
    expect(u).toContain('(history_0 through history_1)');
    // Still before the turn count, which stays the last line as the model expects.
    expect(u.trim().split('\n').at(-1)).toMatch(/^Turn 1\//);
    const [s0, s2] = starts(events);
    expect(s0.session).toBeUndefined();
    expect(s2).toMatchObject({ turn: 2, session: { contexts: 2, histories: 2, extraContexts: [{ name: 'b.txt' }] } });
  });

  it("returns the turn's root conversation with its last response, for history_<n>", async () => {
    const { out } = await turn([], {}, '7');
    const msgs = (out as RunOutcome).messages;
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(msgs.at(-1)).toEqual({ role: 'assistant', content: 'FINAL(7)' });
    expect(msgs[3].content).toContain('REPL output');
  });
});

describe('run-started records strategy and system prompt only when not the default', () => {
  const settingsOf = async (settings: RunInput['settings']) => {
    const events: RunEvent[] = [];
    await turn(events, { settings }, '1');
    return starts(events)[0].settings;
  };
  it('leaves both out by default (and for a blank system prompt)', async () => {
    const s = await settingsOf({ systemPrompt: '   ' });
    expect('strategy' in s).toBe(false);
    expect('systemPrompt' in s).toBe(false);
  });
  it('records a chosen strategy and an own system prompt, which survive export and import', async () => {
    const events: RunEvent[] = [];
    await turn(events, { settings: { strategy: 'final', systemPrompt: 'Be terse.' } }, '1');
    expect(starts(events)[0].settings).toMatchObject({ strategy: 'final', systemPrompt: 'Be terse.' });
    expect(starts(fromJsonl(toJsonl(events)))[0].settings).toMatchObject({ strategy: 'final', systemPrompt: 'Be terse.' });
  });
});

describe('a three-turn session exports every turn', () => {
  async function threeTurns() {
    const events: RunEvent[] = [];
    await turn(events, { turn: 0 }, '1');
    await turn(events, { turn: 1, session: { contexts: 1, histories: 1 } }, '2');
    await turn(events, { turn: 2, rootModel: 'other', session: { contexts: 2, histories: 2, extraContexts: [EXTRA] } }, '3');
    return events;
  }

  it('folds into one run with three turns, each with its own model and answer', async () => {
    const t = replay(await threeTurns())!;
    expect(t.turns.map((tn) => [tn.question, tn.final?.answer, tn.settings.rootModel])).toEqual([
      ['q1', '1', 'm'],
      ['q2', '2', 'm'],
      ['q3', '3', 'other'],
    ]);
    expect(t.turns[2].session?.contexts).toBe(2);
    expect(t.iterations).toHaveLength(6);
  });

  it('our JSONL round-trips all turns; the official log has one completion per turn; the notebook a section each', async () => {
    const events = await threeTurns();
    const back = replay(fromJsonl(toJsonl(events)))!;
    expect(back.turns.map((tn) => tn.final?.answer)).toEqual(['1', '2', '3']);
    expect(back.turns[2].session).toEqual({ contexts: 2, histories: 2, extraContexts: [EXTRA] });

    const official = eventsToOfficial(events);
    expect(official.completions.map((c) => c.finalAnswer)).toEqual(['1', '2', '3']);
    // Each completion's prompt is that turn's own conversation (a session turn starts a new one).
    const prompt3 = official.completions[2].iterations[0].prompt as { role: string; content: string }[];
    expect(Array.isArray(prompt3)).toBe(true);
    expect(prompt3.find((m) => m.role === 'user')!.content).toContain('Answer the following: q3');
    expect(prompt3.some((m) => m.content.includes('q1'))).toBe(false);
    const lines = writeOfficialLog(official).trim().split('\n');
    expect(lines.filter((l) => JSON.parse(l).type === 'iteration')).toHaveLength(6);

    const nb = toNotebook(events);
    for (const q of ['## Question 1', '## Question 2', '## Question 3']) expect(nb).toContain(q);
  });
});
