/**
 * Reading a benchmark JSON (an export, maybe a colleague's): checked field by field, so a bad file is refused
 * with the field that is wrong and nothing is saved half-way. Trial events are checked like run history's.
 */
import * as v from 'valibot';
import { finiteNumber, runEventListSchema } from '../core/event-schema';
import { describeIssue } from '../core/schema-issues';
import type { BenchRecord } from '../bench/types';

const nullableNumber = v.union([finiteNumber, v.null()]);

const specSchema = v.object({
  key: v.string(), task: v.string(), size: finiteNumber, modelIndex: finiteNumber, method: v.picklist(['rlm', 'rlm-no-sub', 'vanilla']), trial: finiteNumber,
});

const trialSchema = v.object({
  benchId: v.string(),
  key: v.string(),
  spec: specSchema,
  status: v.picklist(['ok', 'error', 'exceeds-context', 'stopped']),
  answer: v.union([v.string(), v.null()]),
  expected: v.string(),
  score: v.union([v.object({ score: finiteNumber, correct: v.boolean(), detail: v.string() }), v.null()]),
  iterations: finiteNumber,
  wallMs: finiteNumber,
  tokensIn: finiteNumber,
  tokensOut: finiteNumber,
  costUsd: nullableNumber,
  subcalls: finiteNumber,
  host: v.string(),
  error: v.optional(v.string()),
  finishedAt: finiteNumber,
  events: runEventListSchema,
});

const modelSchema = v.object({ provider: v.picklist(['ollama', 'openai', 'anthropic', 'inpage']), model: v.string(), hosts: v.array(v.string()) });

const configSchema = v.looseObject({
  tasks: v.array(v.string()), lines: v.array(finiteNumber), sizes: v.array(finiteNumber), position: v.string(),
  trials: finiteNumber, seed: finiteNumber, methods: v.array(v.string()), models: v.array(modelSchema), perHost: finiteNumber,
  engine: v.record(v.string(), v.unknown()),
});

const recordSchema = v.object({
  format: v.literal('rlm-studio-bench'),
  version: v.literal(1),
  id: v.string(),
  createdAt: finiteNumber,
  appVersion: v.string(),
  config: configSchema,
  status: v.picklist(['running', 'paused', 'done', 'cancelled']),
  prompts: v.optional(v.record(v.string(), v.string())),
  trials: v.array(trialSchema),
});

export function readBenchRecord(json: string): { ok: true; record: BenchRecord } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `the file is not JSON (${(e as Error).message}).` };
  }
  if ((data as { format?: unknown } | null)?.format !== 'rlm-studio-bench') {
    return { ok: false, message: 'this is not a benchmark export (no "format": "rlm-studio-bench"). A single run goes into the run history\'s import instead.' };
  }
  const r = v.safeParse(recordSchema, data, { abortEarly: true });
  if (!r.success) return { ok: false, message: `${describeIssue(r.issues[0])}.` };
  const record = r.output as unknown as BenchRecord;
  // Someone else's running matrix is not running here: it opens as paused (resume runs the rest on your models).
  return { ok: true, record: record.status === 'running' ? { ...record, status: 'paused' } : record };
}
