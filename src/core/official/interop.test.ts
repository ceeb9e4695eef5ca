import { describe, expect, it } from 'vitest';
import { fixture, manifestRows } from '../../../tests/official-manifest';
import { importTrajectory } from '../import';
import { toJsonl } from '../export';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { replay, type Trajectory } from '../trajectory';
import { conversationAt, runStats } from '../tree';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import { eventsToOfficial } from './fromEvents';
import { parseOfficialLog } from './parse';
import { promptMessages } from './toEvents';
import { writeOfficialLog } from './write';

const rows = manifestRows();
const load = (text: string): Trajectory => replay(importTrajectory(text).events)!;

/** The numbers the MANIFEST states, as our tree counts them. */
function counts(t: Trajectory) {
  const s = runStats(t);
  const root = t.runs[t.rootRunId];
  return {
    completions: s.completions,
    iterations: root.turns.map((tn) => tn.iterations.length),
    forced: root.turns.flatMap((tn) => tn.iterations).filter((it) => it.forced).length,
    blocks: root.turns.map((tn) => tn.iterations.map((it) => it.blocks.length)),
    calls: [s.own.subcalls, s.subcalls],
    depth: s.maxDepth,
    finals: s.finals,
  };
}

describe('importTrajectory: official rlm logs', () => {
  it.each(rows)('$file gives the MANIFEST counts', (row) => {
    const imported = importTrajectory(fixture(row.file));
    expect(imported.format).toBe('official-rlm');
    const t = replay(imported.events)!;
    const { file: _file, ...expected } = row;
    expect(counts(t)).toEqual(expected);
    const s = runStats(t);
    expect(s.own.iterations).toBe(row.iterations.reduce((a, b) => a + b, 0));
    expect(s.own.blocks).toBe(row.blocks.flat().reduce((a, b) => a + b, 0));
  });

  it.each(rows)('$file: every root call\'s conversation is rebuilt exactly as logged', (row) => {
    const t = load(fixture(row.file));
    const log = parseOfficialLog(fixture(row.file));
    log.completions.forEach((c, turn) =>
      c.iterations.forEach((it) => expect(conversationAt(t, t.rootRunId, it.index, turn)).toEqual({ messages: promptMessages(it.prompt!), complete: true })),
    );
  });

  it('depth2_nested: the child run nests under its call, one level down, with its own conversation per iteration', () => {
    const t = load(fixture('depth2_nested.jsonl'));
    const child = Object.values(t.runs).find((r) => r.depth === 1)!;
    const call = t.subcalls[child.parentCallId!];
    expect(call).toMatchObject({ childRunId: child.runId, iteration: 2, block: 1, response: 'TOTAL=7945.98', usage: { inputTokens: 4634, outputTokens: 146 }, cost: 0.005218 });
    expect(child.turns[0].final?.answer).toBe('TOTAL=7945.98');
    // Each child record holds the child's final history; iteration 2 was sent only what came before its reply.
    const second = conversationAt(t, child.runId, 2)!;
    expect(second.messages.at(-1)).toMatchObject({ role: 'user', content: 'Turn 2/10:' });
    expect(second.messages.filter((m) => m.role === 'assistant')).toHaveLength(1);
    // The call's reported cost covers the child (whose own llm_query cost 0.000093): counted once. Root calls have no price.
    expect(runStats(t)).toMatchObject({ cost: 0.005218, costIsLowerBound: true });
    expect(runStats(t, child.runId)).toMatchObject({ cost: 0.000093, costIsLowerBound: true, maxDepth: 1 });
  });

  it('out_of_iterations: the forced record is a forced iteration, the failed block an error', () => {
    const t = load(fixture('out_of_iterations.jsonl'));
    expect(t.iterations.map((it) => it.forced)).toEqual([false, false, false, true]);
    expect(t.final?.via).toBe('forced');
    expect(t.iterations[1].blocks[0]).toMatchObject({ ok: false, stderr: "\nValueError: could not convert string to float: 'ERR'" });
    expect(runStats(t).errors).toBe(1);
  });

  it('keeps the question and the times the log holds', () => {
    const t = load(fixture('niah_depth1.jsonl'));
    expect(t.question).toBe('What is the secret number?');
    expect(load(fixture('legacy_final_var.jsonl')).question).toBe('How many words in the context start with a capital letter?');
    expect(t.context).toMatchObject({ pyType: 'str', totalChars: 39729, lines: 2000 });
    const log = parseOfficialLog(fixture('niah_depth1.jsonl'));
    const blockMs = log.completions[0].iterations[1].codeBlocks[0].executionTime! * 1000;
    expect(t.iterations[1].blocks[0].durationMs).toBeCloseTo(blockMs, 6);
    expect(t.finished?.wallMs).toBeGreaterThan(0);
  });

  it('importing the same file twice gives the same run id; another file another', () => {
    const a = importTrajectory(fixture('niah_depth1.jsonl')).events[0].runId;
    expect(importTrajectory(fixture('niah_depth1.jsonl')).events[0].runId).toBe(a);
    expect(importTrajectory(fixture('depth2_nested.jsonl')).events[0].runId).not.toBe(a);
  });
});

describe('export → import', () => {
  it.each(rows)('$file: official → events → official → events keeps the MANIFEST counts and the record schema', (row) => {
    const events = importTrajectory(fixture(row.file)).events;
    const written = writeOfficialLog(eventsToOfficial(events));
    const back = importTrajectory(written);
    expect(back.format).toBe('official-rlm');
    const { file: _file, ...expected } = row;
    expect(counts(replay(back.events)!)).toEqual(expected);
    // Same kinds of records with the same fields as the package writes.
    const keysOf = (text: string) => text.trim().split('\n').map((l) => Object.keys(JSON.parse(l)).sort().join(','));
    expect(new Set(keysOf(written))).toEqual(new Set(keysOf(fixture(row.file))));
  });

  it('an engine run survives our JSONL and the official format with the same counts', async () => {
    const events: RunEvent[] = [];
    let t = 0;
    const p = new ScriptedProvider((_m, call) =>
      call === 0 ? '```repl\nx = llm_query_batched(["a", "b"])\n```' : call < 3 ? 'sub' : call === 3 ? '```repl\n1/0\n```' : '```repl\nanswer["ready"] = True\n```',
    );
    const repl = new ScriptedRepl(async (code, opts) => {
      if (code.includes('llm_query')) {
        const s = new AbortController().signal;
        return { stdout: (await Promise.all([opts.onSubcall({ prompt: 'a' }, s), opts.onSubcall({ prompt: 'b' }, s)])).join(','), variables: ['x'] };
      }
      if (code.includes('1/0')) return { ok: false, stderr: 'ZeroDivisionError' };
      return { final: { value: 'done', via: 'answer' } };
    });
    await runRlm({ question: 'q', context: null, rootModel: 'm' }, { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => (t += 5), price: () => 0.5 });
    const ours = importTrajectory(toJsonl(events));
    expect(ours.format).toBe('rlm-studio');
    expect(ours.events).toEqual(events.filter((e) => e.type !== 'token'));
    const original = runStats(replay(events)!);
    expect(original).toMatchObject({ iterations: 3, blocks: 3, subcalls: 2, errors: 1, finals: ['done'] });
    const official = importTrajectory(writeOfficialLog(eventsToOfficial(events)));
    const s = runStats(replay(official.events)!);
    for (const k of ['iterations', 'blocks', 'subcalls', 'maxDepth', 'completions', 'finals', 'errors'] as const) expect(s[k], k).toEqual(original[k]);
    expect(replay(official.events)!.final?.via).toBe('answer');
    // The conversation the model was sent survives the trip through the official `prompt` field.
    const before = replay(events)!;
    const after = replay(official.events)!;
    expect(conversationAt(after, after.rootRunId, 3)).toEqual(conversationAt(before, before.rootRunId, 3));
  });
});

describe('importTrajectory: files that are not trajectories', () => {
  const refusal = (text: string) => {
    try {
      importTrajectory(text);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('says what the file is not, why, and what was expected', () => {
    expect(refusal('')).toMatch(/^The file is empty\. Expected JSON Lines/);
    expect(refusal('[\n  {"type": "iteration"}\n]\n')).toMatch(/^This is a JSON array \(1 item\) spread over several lines, not JSON Lines\. Expected JSON Lines/);
    expect(refusal('[{"a":1},{"a":2}]')).toMatch(/^This is a JSON array, not JSON Lines\./);
    expect(refusal('{\n "type": "metadata"\n}')).toMatch(/^This is a single JSON document spread over several lines, not JSON Lines\./);
    expect(refusal('time,question,answer\n1,a,b\n')).toMatch(/^Line 1 looks like a CSV\/TSV header \(“time,question,answer”\), not a JSON object\./);
    expect(refusal('<!DOCTYPE html>\n<html>')).toMatch(/^Line 1 looks like HTML or XML/);
    expect(refusal('\n\nhello world\n')).toMatch(/^Line 3 is not JSON: it begins “hello world”\. Expected JSON Lines \(one JSON object per line\): an RLM Studio export/);
    expect(refusal('{"name":"x","rows":[]}\n')).toMatch(/^Line 1 is a JSON object without a "type" \(keys: name, rows\), which starts neither format\./);
    expect(refusal('42\n')).toMatch(/^Line 1 is “42”, not a JSON object\./);
    expect(refusal('{"type":"run-started","runId":"r"}\n')).toMatch(/without the export header/);
  });

  it('passes the precise reason on for a broken file of a known format', () => {
    expect(refusal('{"type":"metadata"}\n')).toMatch(/^This official rlm log cannot be read: Line 1: `root_model` is missing/);
    const cut = fixture('niah_depth1.jsonl').slice(0, 5000);
    expect(refusal(cut)).toMatch(/^This official rlm log cannot be read: Line 2: not valid JSON .*truncated/);
    expect(refusal('{"type":"rlm-studio-trajectory","version":2}\n{"type":"nope"}\n')).toBe('Line 2: unknown event type "nope".');
  });
});
