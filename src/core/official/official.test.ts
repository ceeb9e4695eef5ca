import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture, manifestRows } from '../../../tests/official-manifest';
import { detectOfficialLog, parseOfficialLog } from './parse';
import type { OfficialCompletion } from './types';
import { writeOfficialLog } from './write';
import { importTrajectory } from '../import';

// Real logs of the official package; tests/fixtures/official-rlm/MANIFEST.md says how they were made.

function callCount(c: OfficialCompletion, nested: boolean): number {
  let n = 0;
  for (const it of c.iterations)
    for (const b of it.codeBlocks)
      for (const call of b.calls) n += 1 + (nested && call.child ? callCount(call.child, true) : 0);
  return n;
}

function depth(c: OfficialCompletion): number {
  const children = c.iterations.flatMap((it) => it.codeBlocks.flatMap((b) => b.calls.flatMap((call) => call.child ?? [])));
  return children.length ? 1 + Math.max(...children.map(depth)) : 0;
}

const rows = manifestRows();

describe('official rlm fixtures', () => {
  it('reads the whole MANIFEST table (one row per fixture file)', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'));
    expect(rows.map((r) => r.file).sort()).toEqual(files.sort());
    expect(rows.find((r) => r.file === 'depth2_nested.jsonl')).toMatchObject({ calls: [1, 2], depth: 1 });
  });

  it.each(rows)('$file matches the MANIFEST', (row) => {
    const log = parseOfficialLog(fixture(row.file));
    const cs = log.completions;
    expect(cs).toHaveLength(row.completions);
    expect(cs.map((c) => c.iterations.length)).toEqual(row.iterations);
    expect(cs.map((c) => c.iterations.map((it) => it.codeBlocks.length))).toEqual(row.blocks);
    expect(cs.flatMap((c) => c.iterations).filter((it) => it.forcedDefault)).toHaveLength(row.forced);
    const sum = (nested: boolean) => cs.reduce((n, c) => n + callCount(c, nested), 0);
    expect([sum(false), sum(true)]).toEqual(row.calls);
    expect(Math.max(...cs.map(depth))).toBe(row.depth);
    expect(cs.map((c) => c.finalAnswer)).toEqual(row.finals);
    expect(log.metadata?.rootModel).toBe('scripted-lm');
  });

  it.each(rows)('$file survives write → parse, and is written in the package schema', ({ file }) => {
    const text = fixture(file);
    const log = parseOfficialLog(text);
    const written = writeOfficialLog(log);
    expect(parseOfficialLog(written)).toStrictEqual(log);
    // Same keys in the same order with the same values as the package wrote (only whitespace differs).
    const canonical = text.trimEnd().split('\n').map((l) => JSON.stringify(JSON.parse(l)));
    expect(written.trimEnd().split('\n')).toEqual(canonical);
  });

  it('depth2_nested: the child trajectory is a typed completion of its own', () => {
    const [root] = parseOfficialLog(fixture('depth2_nested.jsonl')).completions;
    const call = root!.iterations[1]!.codeBlocks[0]!.calls[0]!;
    expect(call.response).toBe('TOTAL=7945.98');
    expect(call.usage?.models['scripted-lm']).toEqual({ calls: 4, inputTokens: 4634, outputTokens: 146, cost: 0.005218 });
    const child = call.child!;
    expect(child.runMetadata).toMatchObject({ rootModel: 'scripted-lm', maxDepth: 2 });
    expect(child.iterations.map((it) => it.index)).toEqual([1, 2, 3]);
    expect(child.iterations.map((it) => it.codeBlocks.length)).toEqual([1, 1, 1]);
    expect(child.finalAnswer).toBe('TOTAL=7945.98');
    expect(child.iterations[1]!.codeBlocks[0]!.calls[0]).toMatchObject({ response: '10', executionTime: expect.any(Number) });
    expect(child.iterations[2]!.codeBlocks[0]!.finalAnswer).toBe('TOTAL=7945.98');
  });

  it('out_of_iterations: the forced record, the long stdout and the exception line', () => {
    const its = parseOfficialLog(fixture('out_of_iterations.jsonl')).completions[0]!.iterations;
    expect(its[0]!.codeBlocks[0]!.stdout).toHaveLength(21602);
    expect(its[1]!.codeBlocks[0]!.stderr).toBe("\nValueError: could not convert string to float: 'ERR'");
    const forced = its[3]!;
    expect(forced).toMatchObject({ forcedDefault: true, iterationTime: null, codeBlocks: [] });
    expect(forced.finalAnswer).toBe(forced.response);
    expect(its.slice(0, 3).every((it) => typeof it.iterationTime === 'number')).toBe(true);
  });

  it('persistent_multiturn: the counter restarts per completion; prompts are kept', () => {
    const cs = parseOfficialLog(fixture('persistent_multiturn.jsonl')).completions;
    expect(cs.map((c) => c.iterations.map((it) => it.index))).toEqual([[1, 2], [1, 2, 3]]);
    expect(cs.map((c) => c.iterations.map((it) => (Array.isArray(it.prompt) ? it.prompt.length : -1)))).toEqual([[3, 6], [3, 6, 9]]);
    expect(Object.keys(cs[1]!.iterations[0]!.codeBlocks[0]!.locals)).toContain('history_0');
  });

  it('detectOfficialLog tells official first lines from ours', () => {
    for (const r of rows) expect(detectOfficialLog(fixture(r.file).split('\n')[0]!), r.file).toBe(true);
    const ours = JSON.stringify({ type: 'run-started', runId: 'r', at: 0, question: 'q', context: null, settings: {} });
    expect(detectOfficialLog(ours)).toBe(false);
    expect(detectOfficialLog('{"type":"metadata"}')).toBe(false);
    expect(detectOfficialLog('not json')).toBe(false);
    expect(detectOfficialLog('[1]')).toBe(false);
  });
});

/** A minimal valid log built from parts, for the variants the fixtures do not cover. */
const meta = '{"type":"metadata","root_model":"m"}';
function rec(fields: Record<string, unknown>): string {
  return JSON.stringify({ type: 'iteration', iteration: 1, response: 'r', code_blocks: [], final_answer: null, iteration_time: 0.1, ...fields });
}
const block = (locals: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  code: 'x = 1',
  result: { stdout: '', stderr: '', locals, execution_time: 0.01, rlm_calls: [], ...extra },
});

describe('parseOfficialLog errors', () => {
  const niah = fixture('niah_depth1.jsonl');
  const lines = niah.trimEnd().split('\n');
  const edit = (i: number, change: (r: any) => void) => {
    const copy = [...lines];
    const r = JSON.parse(copy[i]!);
    change(r);
    copy[i] = JSON.stringify(r);
    return copy.join('\n');
  };

  it('empty file', () => {
    expect(() => parseOfficialLog('')).toThrow(/^The file is empty\. An official rlm log/);
    expect(() => parseOfficialLog('\n  \n')).toThrow(/The file is empty/);
  });

  it('truncated file names the cut line', () => {
    const cut = niah.slice(0, niah.indexOf('\n', niah.indexOf('\n') + 1) + 5000);
    expect(() => parseOfficialLog(cut)).toThrow(/^Line 3: not valid JSON \(.*\)\. It is the last line, so the file looks truncated/);
  });

  it('bad JSON in the middle is not called truncated', () => {
    const text = [lines[0], '{oops', lines[1]].join('\n');
    expect(() => parseOfficialLog(text)).toThrow(/^Line 2: not valid JSON \([^)]*\)\.$/);
  });

  it('wrong field type names line and field path', () => {
    const text = edit(3, (r) => (r.code_blocks[0].result.stdout = 42));
    expect(() => parseOfficialLog(text)).toThrow('Line 4: `code_blocks[0].result.stdout` must be a string (got 42)');
  });

  it('wrong type deep inside a child trajectory keeps the full path', () => {
    const text = fixture('depth2_nested.jsonl')
      .trimEnd()
      .split('\n')
      .map((l, i) => {
        if (i !== 2) return l;
        const r = JSON.parse(l);
        r.code_blocks[0].result.rlm_calls[0].metadata.iterations[1].code_blocks[0].result.rlm_calls[0].usage_summary.model_usage_summaries['scripted-lm'].total_calls = '1';
        return JSON.stringify(r);
      })
      .join('\n');
    expect(() => parseOfficialLog(text)).toThrow(
      'Line 3: `code_blocks[0].result.rlm_calls[0].metadata.iterations[1].code_blocks[0].result.rlm_calls[0].usage_summary.model_usage_summaries.scripted-lm.total_calls` must be a number (got "1")',
    );
  });

  it('missing field, bad final answer, non-object line, bad type', () => {
    expect(() => parseOfficialLog(edit(1, (r) => delete r.response))).toThrow('Line 2: `response` is missing');
    expect(() => parseOfficialLog(edit(2, (r) => (r.final_answer = 7)))).toThrow(
      'Line 3: `final_answer` must be a string, null or a [string, string] pair such as ["FINAL_VAR", name] (got 7)',
    );
    expect(() => parseOfficialLog(edit(2, (r) => delete r.prompt[4].role))).toThrow('Line 3: `prompt[4].role` is missing');
    expect(() => parseOfficialLog(edit(2, (r) => (r.final_answer = ['FINAL_VAR'])))).toThrow('Line 3: `final_answer[1]` is missing');
    expect(() => parseOfficialLog(edit(1, (r) => (r.code_blocks[0].result.locals = [])))).toThrow(
      'Line 2: `code_blocks[0].result.locals` must be an object (got Array)',
    );
    expect(() => parseOfficialLog(`${meta}\n[1,2]`)).toThrow(/^Line 2: must be a JSON object, got an array/);
    expect(() => parseOfficialLog(`${meta}\n{"iteration":1}`)).toThrow('Line 2: `type` must be "metadata" or "iteration" (got nothing).');
  });

  it('refuses our own format and concatenated logs with a pointer', () => {
    const ours = JSON.stringify({ type: 'run-started', runId: 'r', at: 0, question: 'q' });
    expect(() => parseOfficialLog(ours)).toThrow(/No metadata or iteration record found\. It looks like an RLM Studio log/);
    expect(() => parseOfficialLog(`${niah}${lines[0]}\n`)).toThrow(/^Line 5: a second metadata record \(the first is on line 1\)/);
  });
});

describe('legacy and unknown variants', () => {
  it('legacy ["FINAL_VAR", name] resolves from the latest locals and is written back as a pair', () => {
    const text = [meta, rec({ code_blocks: [block({ result: 'forty-two' })] }), rec({ iteration: 2, final_answer: ['FINAL_VAR', 'result'] })].join('\n');
    const log = parseOfficialLog(text);
    const last = log.completions[0]!.iterations[1]!;
    expect(last).toMatchObject({ finalAnswer: 'forty-two', legacyFinal: { marker: 'FINAL_VAR', value: 'result' }, forcedDefault: false });
    expect(log.completions[0]!.finalAnswer).toBe('forty-two');
    expect(writeOfficialLog(log)).toContain('"final_answer":["FINAL_VAR","result"]');
    expect(parseOfficialLog(writeOfficialLog(log))).toStrictEqual(log);
  });

  it('legacy ["FINAL", text]; an unresolvable FINAL_VAR gives no answer rather than a made-up one', () => {
    const fin = parseOfficialLog([meta, rec({ final_answer: ['FINAL', 'done'] })].join('\n'));
    expect(fin.completions[0]!.finalAnswer).toBe('done');
    const unresolved = parseOfficialLog([meta, rec({ final_answer: ['FINAL_VAR', 'nope'] })].join('\n'));
    expect(unresolved.completions[0]!.finalAnswer).toBeNull();
  });

  it('final_answer as any [string, string] pair (the visualizer shows the second) imports with that answer and writes back as the pair', () => {
    const text = [meta, rec({ final_answer: ['FINAL_ANSWER', 'forty-two'] })].join('\n');
    const log = parseOfficialLog(text);
    expect(log.completions[0]!.finalAnswer).toBe('forty-two');
    expect(writeOfficialLog(log)).toContain('"final_answer":["FINAL_ANSWER","forty-two"]');
    const events = importTrajectory(text).events;
    expect(events.find((e) => e.type === 'final')).toMatchObject({ answer: 'forty-two', via: 'FINAL' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'done', answer: 'forty-two' });
    expect(importTrajectory([meta, rec({ final_answer: 'plain' })].join('\n')).events.at(-1)).toMatchObject({ status: 'done', answer: 'plain' });
  });

  it('old records without iteration_time / result.final_answer / usage_summary still parse', () => {
    const old = JSON.stringify({ type: 'iteration', iteration: 1, prompt: 'p', response: 'done', code_blocks: [], final_answer: 'done' });
    const oldBlock = { code: 'c', result: { stdout: 'o', stderr: '', locals: {}, execution_time: null, rlm_calls: [{ root_model: 'm', prompt: 'q', response: 'a', prompt_tokens: 3 }] } };
    const log = parseOfficialLog([meta, rec({ code_blocks: [oldBlock] }), old.replace('"iteration":1', '"iteration":2')].join('\n'));
    const [first, second] = log.completions[0]!.iterations;
    expect(first!.codeBlocks[0]).not.toHaveProperty('finalAnswer');
    expect(first!.codeBlocks[0]!.calls[0]).toStrictEqual({ model: 'm', prompt: 'q', response: 'a', extra: { prompt_tokens: 3 } });
    // No timing, no code, the reply itself is the answer: the package's forced default answer.
    expect(second).toMatchObject({ forcedDefault: true, finalAnswer: 'done' });
    expect(second).not.toHaveProperty('iterationTime');
    expect(parseOfficialLog(writeOfficialLog(log))).toStrictEqual(log);
  });

  it('unknown fields and record types are kept in place through a write', () => {
    const ctx = '{"type":"run_context","prompt":"p2","root_prompt":null}';
    const text = [meta.replace('}', ',"new_field":[1]}'), rec({ root_usage: { total_input_tokens: 5 }, code_blocks: [block({}, { spawn_records: [] })] }), ctx, rec({ response: 'second' })].join('\n');
    const log = parseOfficialLog(text);
    expect(log.metadata?.extra).toEqual({ new_field: [1] });
    // run_context opens a new completion even though that logger never restarted its counter.
    expect(log.completions.map((c) => c.iterations.length)).toEqual([1, 1]);
    expect(log.completions[1]!.otherRecords).toEqual([{ position: 0, record: JSON.parse(ctx) }]);
    expect(log.completions[0]!.iterations[0]!.extra).toEqual({ root_usage: { total_input_tokens: 5 } });
    expect(log.completions[0]!.iterations[0]!.codeBlocks[0]!.resultExtra).toEqual({ spawn_records: [] });
    expect(writeOfficialLog(log).split('\n').map((l) => l && JSON.parse(l))).toEqual([...text.split('\n').map((l) => JSON.parse(l)), '']);
  });
});
