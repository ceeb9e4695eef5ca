import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPORT_FORMAT, fromJsonl, ImportError, toJsonl } from '../export';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { replay } from '../trajectory';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import type { ContextMeta } from '../types';

const CONTEXT: ContextMeta = { name: 'notes.txt', pyType: 'str', totalChars: 12, lines: 2, bytes: 12, head: 'a\nb', tail: 'b', warnings: ['w'] };

/** A real run: a code block with a sub-call, a failing block, a notice-free final. Tokens included. */
async function recordRun(): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  let t = 1000;
  const p = new ScriptedProvider((_m, call) =>
    call === 0 ? '```repl\nx = llm_query("hi")\n```' : call === 1 ? 'sub answer' : call === 2 ? '```repl\n1/0\n```' : '```repl\nFINAL(1)\n```',
  );
  const repl = new ScriptedRepl(async (code, opts) => {
    if (code.includes('llm_query')) return { stdout: await opts.onSubcall({ prompt: 'hi' }, new AbortController().signal), variables: ['x'] };
    if (code.includes('1/0')) return { ok: false, stderr: 'ZeroDivisionError', timedOut: true };
    return { final: { value: '1', via: 'FINAL' } };
  });
  await runRlm(
    { question: 'q', context: CONTEXT, rootModel: 'm' },
    { root: p, sub: p, repl, emit: (e) => events.push(e), now: () => (t += 7), price: () => 0.25 },
  );
  return events;
}

// Most cases are written as version-1 files (no envelope): those must keep opening, with the same messages.
const header = JSON.stringify({ type: EXPORT_FORMAT, version: 1 });
const headerV2 = JSON.stringify({ type: EXPORT_FORMAT, version: 2 });
const env = { runId: 'r1', parentCallId: null, depth: 0, turn: 0 };
const started = JSON.stringify({
  type: 'run-started',
  runId: 'r1',
  at: 1,
  question: 'q',
  context: null,
  settings: { rootModel: 'm', subModel: '', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: 3, maxOutputChars: 10, blockTimeoutMs: 5, subcallConcurrency: 1 },
});
const file = (...lines: string[]) => lines.join('\n') + '\n';
const usage = { inputTokens: 1, outputTokens: 2, estimated: false };
const response = (patch: object) => JSON.stringify({ type: 'response', iteration: 1, at: 2, content: 'c', thinking: '', usage, cost: null, model: 'm', durationMs: 1, ...patch });

function importError(text: string): string {
  try {
    fromJsonl(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('fromJsonl accepted the file');
}

describe('trajectory JSONL', () => {
  it('round-trips a run exactly, without its token events', async () => {
    const events = await recordRun();
    expect(events.some((e) => e.type === 'subcall-finished')).toBe(true);
    const text = toJsonl(events);
    expect(text).not.toContain('"type":"token"');
    const back = fromJsonl(text);
    // Every field of every line comes back, and nothing else (JSON drops the engine's `reset: undefined`).
    const written = text.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(back).toStrictEqual(written);
    expect(back).toEqual(events.filter((e) => e.type !== 'token'));
    expect(fromJsonl(toJsonl(back))).toStrictEqual(back);
    expect(replay(back)).toEqual(replay(events));
  });

  it('names the line of a file cut mid-line', async () => {
    const text = toJsonl(await recordRun());
    const cut = text.slice(0, text.lastIndexOf('"usage"'));
    const lineNo = cut.split('\n').length;
    expect(importError(cut)).toBe(`Line ${lineNo} is not JSON (the file may be truncated).`);
  });

  it('names the line and field of a wrong type', () => {
    expect(importError(file(header, started, response({ usage: { ...usage, inputTokens: 'abc' } })))).toBe(
      'Line 3: `usage.inputTokens` must be a number (got "abc").',
    );
    expect(importError(file(header, started, response({ cost: 'free' })))).toBe('Line 3: `cost` must be a number or null (got "free").');
    expect(importError(file(header, started, response({ model: undefined })))).toBe('Line 3: `model` is missing.');
    expect(importError(file(header, started, response({}).replace('"durationMs":1', '"durationMs":1e999')))).toBe(
      'Line 3: `durationMs` must be a finite number (got Infinity).',
    );
    expect(importError(file(header, started, JSON.stringify({ type: 'final', iteration: 1, at: 1, answer: 'a', via: 'guess' })))).toBe(
      'Line 3: `via` must be one of "FINAL", "FINAL_VAR", "answer", "forced" (got "guess").',
    );
  });

  it('refuses an unknown event type, a line without a type and a line that is not an object', () => {
    expect(importError(file(header, started, '{"type":"foo"}'))).toBe('Line 3: unknown event type "foo".');
    expect(importError(file(header, started, '{"iteration":1}'))).toMatch(/^Line 3: `type` is missing/);
    expect(importError(file(header, started, '[1,2]'))).toBe('Line 3 must be a JSON object (got [1,2]).');
  });

  it('counts blank lines when naming a line', () => {
    expect(importError(`${header}\n\n${started}\n\n{"type":"foo"}\n`)).toBe('Line 5: unknown event type "foo".');
  });

  it('refuses a newer format version, and a header of another kind', () => {
    expect(importError(file(JSON.stringify({ type: EXPORT_FORMAT, version: 9 }), started))).toBe(
      'This file is format version 9; this app reads version ≤ 2. Update the app to import it.',
    );
    expect(importError(file(JSON.stringify({ type: EXPORT_FORMAT, version: '1' }), started))).toBe('Line 1: `version` must be a whole number (got "1").');
    expect(importError(file(JSON.stringify({ type: EXPORT_FORMAT }), started))).toBe('Line 1: `version` must be a whole number (got nothing).');
    expect(importError('{"type":"metadata"}\n')).toMatch(/^Line 1 is not an RLM Studio trajectory header: `type` must be "rlm-studio-trajectory" \(got "metadata"\)/);
    expect(importError('nope')).toMatch(/^Line 1 is not JSON/);
  });

  it('refuses an empty file, a header alone, and a run that does not start with run-started', () => {
    expect(importError('')).toBe('The file is empty.');
    expect(importError('\n  \n')).toBe('The file is empty.');
    expect(importError(file(header))).toMatch(/no run: line 2 should be a run-started event/);
    expect(importError(file(header, response({})))).toBe('Line 2: the first event must be "run-started" (got "response"): the start of the run is missing.');
    expect(importError(file(header, started, started.replace('"r1"', '"r2"')))).toBe('Line 3: a second root run ("r2"); a file holds one run.');
    const child = JSON.stringify({ ...JSON.parse(started), runId: 'c', parentCallId: 'call-1', depth: 1, turn: 0 });
    expect(importError(file(headerV2, child))).toBe('Line 2: the first run is a child run (parentCallId "call-1"): the root run is missing.');
  });

  it('keeps unknown fields out and prototype keys from leaking', () => {
    const hostile = started.replace('"runId"', '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"future":1,"runId"');
    const hostileSettings = hostile.replace('"rootModel"', '"__proto__":{"polluted":true},"rootModel"');
    const [run] = fromJsonl(file(header, hostileSettings));
    expect(Object.keys(run)).toEqual(['type', 'runId', 'parentCallId', 'depth', 'turn', 'at', 'question', 'context', 'settings']);
    expect(Object.getPrototypeOf(run)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(run.type === 'run-started' && run.settings)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((run as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("says plainly that the paper authors' log format is not this app's", () => {
    const fixture = fileURLToPath(new URL('../../../tests/fixtures/official-rlm/niah_depth1.jsonl', import.meta.url));
    const text = readFileSync(fixture, 'utf8');
    expect(importError(text)).toMatch(/^Line 1 is not an RLM Studio trajectory header: `type` must be "rlm-studio-trajectory" \(got "metadata"\)/);
  });

  it('opens a version-1 file (no envelope): every event is put in the run of its run-started, at the root, turn 0', () => {
    const text = file(header, started, response({}), JSON.stringify({ type: 'final', iteration: 1, at: 3, answer: 'a', via: 'FINAL' }));
    const events = fromJsonl(text);
    expect(events.map(({ runId, parentCallId, depth, turn }) => ({ runId, parentCallId, depth, turn }))).toEqual([env, env, env]);
    expect(events[1]).toMatchObject({ type: 'response', content: 'c' });
    expect(replay(events)?.final?.answer).toBe('a');
  });

  it('writes version 2 with the envelope on every line, and checks it on import', async () => {
    const events = await recordRun();
    const text = toJsonl(events);
    expect(JSON.parse(text.split('\n')[0])).toEqual({ type: EXPORT_FORMAT, version: 2 });
    const runId = events[0].runId;
    for (const line of text.trim().split('\n').slice(1)) expect(JSON.parse(line)).toMatchObject({ runId, parentCallId: null, depth: 0, turn: 0 });
    const v2started = JSON.stringify({ ...JSON.parse(started), ...env });
    // A version-2 file is not migrated: an event without its envelope is an error, not a guess.
    expect(importError(file(headerV2, v2started, response({})))).toBe('Line 3: `runId` is missing.');
    expect(importError(file(headerV2, v2started, response(env).replace('"depth":0,', '')))).toBe('Line 3: `depth` is missing.');
    // A session's second turn (same runId) and a child run are not a "second run".
    const turn1 = JSON.stringify({ ...JSON.parse(v2started), turn: 1 });
    const child = JSON.stringify({ ...JSON.parse(v2started), runId: 'c', parentCallId: 'x', depth: 1 });
    expect(fromJsonl(file(headerV2, v2started, turn1, child))).toHaveLength(3);
  });
});
