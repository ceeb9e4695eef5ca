/**
 * Bring-your-own cases: one JSON object per line with `question`, `context` or `context_file` (a file dropped beside
 * the JSONL), `expected` (or `answer`) and an optional `scorer` (default exact). All or nothing: the first bad line
 * is reported by number with what is wrong, and no case is returned.
 */
import { SCORER_NAMES } from './score';
import type { ScorerName, TaskCase } from './types';

export type ParseResult = { ok: true; cases: TaskCase[] } | { ok: false; line: number; message: string };

type LineResult = { ok: true; c: TaskCase } | { ok: false; message: string };

const fail = (message: string): LineResult => ({ ok: false, message });

function contextOf(o: Record<string, unknown>, files: Map<string, string> | undefined): { ok: true; text: string } | { ok: false; message: string } {
  const hasCtx = 'context' in o;
  const hasFile = 'context_file' in o;
  if (hasCtx && hasFile) return { ok: false, message: 'has both "context" and "context_file"; give one' };
  if (hasCtx) {
    if (typeof o.context === 'string') return { ok: true, text: o.context };
    // A JSON context (records, a dict) is fine: the REPL gets its text.
    if (o.context !== null && typeof o.context === 'object') return { ok: true, text: JSON.stringify(o.context) };
    return { ok: false, message: '"context" must be a string (or a JSON object/array)' };
  }
  if (!hasFile) return { ok: false, message: 'needs "context" (the text) or "context_file" (a file dropped beside the JSONL)' };
  if (typeof o.context_file !== 'string' || !o.context_file) return { ok: false, message: '"context_file" must be a file name' };
  const text = files?.get(o.context_file);
  if (text === undefined) {
    const have = files && files.size ? `files dropped: ${[...files.keys()].join(', ')}` : 'no other files were dropped';
    return { ok: false, message: `context_file "${o.context_file}" was not dropped beside the JSONL (${have})` };
  }
  return { ok: true, text };
}

function parseLine(raw: string, line: number, files: Map<string, string> | undefined): LineResult {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch (err) {
    return fail(`is not valid JSON (${(err as Error).message})`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return fail('must be a JSON object like {"question": …, "context": …, "expected": …}');
  const rec = o as Record<string, unknown>;
  if (typeof rec.question !== 'string' || !rec.question.trim()) return fail('needs a non-empty "question" string');
  const ctx = contextOf(rec, files);
  if (!ctx.ok) return fail(ctx.message);
  const exp = 'expected' in rec ? rec.expected : rec.answer;
  if (exp === undefined) return fail('needs "expected" (or "answer")');
  if (typeof exp !== 'string' && typeof exp !== 'number') return fail('"expected" must be a string or a number');
  const scorer = rec.scorer ?? 'exact';
  if (typeof scorer !== 'string' || !(SCORER_NAMES as string[]).includes(scorer)) {
    return fail(`scorer ${JSON.stringify(scorer)} is not one of ${SCORER_NAMES.join(', ')}`);
  }
  const id = typeof rec.id === 'string' || typeof rec.id === 'number' ? String(rec.id) : String(line);
  return {
    ok: true,
    c: {
      task: 'custom',
      caseId: `custom:${id}`,
      question: rec.question.trim(),
      context: ctx.text,
      expected: String(exp),
      scorer: scorer as ScorerName,
      meta: { line, ...(typeof rec.context_file === 'string' ? { contextFile: rec.context_file } : {}) },
    },
  };
}

export function parseCases(jsonl: string, files?: Map<string, string>): ParseResult {
  const cases: TaskCase[] = [];
  const lines = jsonl.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const r = parseLine(lines[i], i + 1, files);
    if (!r.ok) return { ok: false, line: i + 1, message: `Line ${i + 1}: ${r.message}.` };
    cases.push(r.c);
  }
  if (!cases.length) return { ok: false, line: 0, message: 'The file has no cases: write one JSON object per line.' };
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.caseId)) return { ok: false, line: Number(c.meta?.line), message: `Line ${String(c.meta?.line)}: id "${c.caseId.slice(7)}" is used twice.` };
    seen.add(c.caseId);
  }
  return { ok: true, cases };
}
