/**
 * Exports of a benchmark: CSV (one row per summary row, or per trial), the re-importable JSON record, and the seed's
 * Markdown table (Model, Provider, Method, Acc, AvgTime, Iters) with tokens, cost, errors and the 95 % interval.
 */
import Papa from 'papaparse';
import { METHOD_LABEL, pct, summarise, type SummaryRow } from './stats';
import type { BenchRecord } from './types';

const secs = (ms: number | null) => (ms === null ? '' : `${(ms / 1000).toFixed(1)}s`);
const num = (x: number | null, digits = 0) => (x === null ? '' : x.toFixed(digits));
const ci = (r: SummaryRow) => (r.interval ? `${pct(r.interval.lo)}–${pct(r.interval.hi)}` : '');

/** One summary row as the exports name its columns (the CLI's table too). */
export function cells(rec: BenchRecord, r: SummaryRow) {
  const m = rec.config.models[r.modelIndex];
  return {
    Model: m?.model ?? `model ${r.modelIndex + 1}`,
    Provider: m?.provider ?? '',
    Method: METHOD_LABEL[r.method],
    Task: r.task,
    Size: r.size,
    Trials: r.trials,
    Correct: r.correct,
    Acc: r.acc === null ? '' : pct(r.acc),
    '95 % CI': ci(r),
    AvgTime: secs(r.avgTimeMs),
    Iters: num(r.avgIters, 1),
    'Tokens in': num(r.tokensIn),
    'Tokens out': num(r.tokensOut),
    Cost: r.costUsd === null ? '' : `$${r.costUsd.toFixed(4)}`,
    Errors: r.errors,
    Exceeds: r.exceeds,
  };
}

/** Summary rows by default; `trials` gives one row per trial with its answer and score. */
export function toCsv(rec: BenchRecord, level: 'summary' | 'trials' = 'summary'): string {
  if (level === 'summary') return Papa.unparse(summarise(rec.trials).map((r) => cells(rec, r)));
  return Papa.unparse(
    rec.trials.map((t) => ({
      key: t.key,
      model: rec.config.models[t.spec.modelIndex]?.model ?? '',
      provider: rec.config.models[t.spec.modelIndex]?.provider ?? '',
      method: t.spec.method,
      task: t.spec.task,
      size: t.spec.size,
      trial: t.spec.trial,
      status: t.status,
      answer: t.answer ?? '',
      expected: t.expected,
      score: t.score?.score ?? '',
      correct: t.score?.correct ?? '',
      iterations: t.iterations,
      wallMs: t.wallMs,
      tokensIn: t.tokensIn,
      tokensOut: t.tokensOut,
      costUsd: t.costUsd ?? '',
      host: t.host,
      error: t.error ?? '',
    })),
  );
}

export const toJson = (rec: BenchRecord) => JSON.stringify(rec, null, 1);

const mdCell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(rec: BenchRecord): string {
  const rows = summarise(rec.trials).map((r) => cells(rec, r));
  const head = ['Model', 'Provider', 'Method', 'Task', 'Size', 'Acc', 'AvgTime', 'Iters', 'Tokens in', 'Tokens out', 'Cost', 'Errors', '95 % CI'] as const;
  const line = (xs: (string | number)[]) => `| ${xs.map(mdCell).join(' | ')} |`;
  const acc = (r: (typeof rows)[number]) => (r.Acc ? `${r.Acc} (${r.Correct}/${r.Trials - r.Errors - r.Exceeds})` : r.Exceeds ? 'exceeds context' : '');
  return [
    line([...head]),
    line(head.map(() => '---')),
    ...rows.map((r) => line(head.map((h) => (h === 'Acc' ? acc(r) : r[h])))),
  ].join('\n') + '\n';
}

export type ImportResult = { ok: true; record: BenchRecord } | { ok: false; message: string };

/** Reads an exported JSON back; checks the envelope, since the record's trials are what the table is built from. */
export function parseBenchJson(text: string): ImportResult {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `Not JSON: ${(err as Error).message}` };
  }
  const r = o as Partial<BenchRecord> | null;
  if (!r || typeof r !== 'object' || r.format !== 'rlm-studio-bench') return { ok: false, message: 'Not an RLM Studio benchmark export (format is not "rlm-studio-bench").' };
  if (r.version !== 1) return { ok: false, message: `Unsupported benchmark export version ${String(r.version)} (this app reads version 1).` };
  if (!r.config || typeof r.config !== 'object' || !Array.isArray(r.config.models)) return { ok: false, message: 'The export has no config with models.' };
  if (!Array.isArray(r.trials)) return { ok: false, message: 'The export has no trials list.' };
  const bad = r.trials.findIndex((t) => !t || typeof t !== 'object' || typeof t.key !== 'string' || !t.spec || typeof t.status !== 'string');
  if (bad >= 0) return { ok: false, message: `Trial ${bad + 1} is malformed (needs key, spec and status).` };
  return { ok: true, record: r as BenchRecord };
}
