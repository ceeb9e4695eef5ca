import * as v from 'valibot';
import { PROMPT_STRATEGIES } from './strategies';
import { STOP_REASONS, type EventEnvelope, type RunEvent } from './events';

/**
 * Runtime schemas for the event stream, one per `RunEvent` variant, for
 * everything read back from outside the running engine (imported files,
 * IndexedDB). `events.ts` stays the source of the types; the checks at the
 * bottom fail to compile if a variant here and there drift apart.
 *
 * `v.object` is used throughout, on purpose: it accepts unknown extra fields
 * and drops them from the output. Accepting them keeps files written by a
 * newer app (which may add fields) importable here; dropping them means
 * nothing the app does not know — `__proto__`, `constructor`, a hostile
 * `toString` — ever reaches the objects it keeps (valibot skips those keys).
 */

// JSON cannot hold NaN, but `1e999` parses to Infinity: numbers must be finite.
export const finiteNumber = v.pipe(v.number(), v.finite());
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const at = finiteNumber;
const iteration = count;
const block = count;
// A union (not `nullable`) for primitives, so a wrong value is reported as "a number or null".
const orNull = <S extends v.GenericSchema>(schema: S) => v.union([schema, v.null()]);
const cost = orNull(finiteNumber);

export const usageSchema = v.object({ inputTokens: finiteNumber, outputTokens: finiteNumber, estimated: v.boolean() });
const costSumSchema = v.object({ usd: finiteNumber, complete: v.boolean() });
const usageTotalSchema = v.object({ ...usageSchema.entries, calls: count, cost: costSumSchema });

const span = { start: finiteNumber, end: finiteNumber };
const preview = v.object({ ...span, text: v.string() });
const contextProfileSchema = v.object({
  totalChars: finiteNumber,
  chunkChars: finiteNumber,
  coverage: finiteNumber,
  median: finiteNumber,
  head: preview,
  middle: preview,
  tail: preview,
  sections: v.array(v.object({ ...span, ratio: orNull(finiteNumber) })),
  outliers: v.array(
    v.object({ ...span, section: count, ratio: finiteNumber, z: finiteNumber, direction: v.picklist(['high', 'low']), excerpt: v.string() }),
  ),
});

const contextMetaSchema = v.object({
  name: v.string(),
  pyType: v.string(),
  totalChars: finiteNumber,
  lines: finiteNumber,
  bytes: finiteNumber,
  head: v.string(),
  tail: v.string(),
  items: v.optional(finiteNumber),
  warnings: v.array(v.string()),
  // Without it a stored run forgets which file it read: "run again" and fork check a dropped file by it.
  sha256: v.optional(v.string()),
  profile: v.optional(contextProfileSchema),
});

const runSettingsPublicSchema = v.object({
  rootModel: v.string(),
  subModel: v.string(),
  rootEndpoint: v.string(),
  subEndpoint: v.string(),
  // Plain numbers, not counts: these come from user input, and a run's own export must always import.
  maxIterations: finiteNumber,
  maxOutputChars: finiteNumber,
  blockTimeoutMs: finiteNumber,
  subcallConcurrency: finiteNumber,
  maxDepth: v.optional(finiteNumber),
  maxSubcalls: v.optional(orNull(finiteNumber)),
  maxTokens: v.optional(orNull(finiteNumber)),
  maxCostUsd: v.optional(orNull(finiteNumber)),
  maxWallMs: v.optional(orNull(finiteNumber)),
  maxErrors: v.optional(orNull(finiteNumber)),
  childConcurrency: v.optional(finiteNumber),
  subcallCache: v.optional(v.boolean()),
  noSubcalls: v.optional(v.boolean()),
  strategy: v.optional(v.picklist(PROMPT_STRATEGIES)),
  systemPrompt: v.optional(v.string()),
});

const sessionInfoSchema = v.object({
  contexts: count,
  histories: count,
  extraContexts: v.optional(v.array(contextMetaSchema)),
});

/** Where an event sits in the tree of calls; on every event since format version 2. */
export const envelopeSchema = v.object({
  runId: v.string(),
  parentCallId: orNull(v.string()),
  depth: count,
  turn: count,
});
const env = envelopeSchema.entries;

const promptMessage = v.object({ role: v.string(), content: v.string() });
const promptDelta = v.object({ keep: count, add: v.array(promptMessage) });

const runStarted = v.object({
  type: v.literal('run-started'),
  ...env,
  at,
  question: v.string(),
  context: v.nullable(contextMetaSchema),
  settings: runSettingsPublicSchema,
  session: v.optional(sessionInfoSchema),
  forkOf: v.optional(v.object({ runId: v.string(), iteration })),
});
const iterationStarted = v.object({
  type: v.literal('iteration-started'),
  ...env,
  iteration,
  at,
  forced: v.boolean(),
  prompt: v.optional(promptDelta),
  replayed: v.optional(v.literal(true)),
});
const token = v.object({ type: v.literal('token'), ...env, iteration, channel: v.picklist(['content', 'thinking']), text: v.string() });
const response = v.object({
  type: v.literal('response'),
  ...env,
  iteration,
  at,
  content: v.string(),
  thinking: v.string(),
  usage: usageSchema,
  cost,
  model: v.string(),
  durationMs: finiteNumber,
});
const codeStarted = v.object({
  type: v.literal('code-started'),
  ...env,
  iteration,
  block,
  at,
  code: v.string(),
  lang: v.picklist(['repl', 'python']),
  original: v.optional(v.string()),
  skipped: v.optional(v.literal(true)),
});
const codeFinished = v.object({
  type: v.literal('code-finished'),
  ...env,
  iteration,
  block,
  at,
  stdout: v.string(),
  stderr: v.string(),
  ok: v.boolean(),
  durationMs: finiteNumber,
  variables: v.array(v.string()),
  variableInfo: v.optional(v.array(v.object({ name: v.string(), type: v.string(), repr: v.string() }))),
  reset: v.optional(v.string()),
  timedOut: v.optional(v.boolean()),
  skipped: v.optional(v.literal(true)),
});
const subcallStarted = v.object({
  type: v.literal('subcall-started'),
  ...env,
  id: v.string(),
  iteration,
  block,
  at,
  prompt: v.string(),
  model: v.string(),
  kind: v.optional(v.picklist(['llm', 'rlm'])),
  batched: v.optional(v.literal(true)),
});
const subcallFinished = v.object({
  type: v.literal('subcall-finished'),
  ...env,
  id: v.string(),
  at,
  response: v.string(),
  usage: usageSchema,
  cost,
  durationMs: finiteNumber,
  error: v.optional(v.string()),
  cached: v.optional(v.boolean()),
  savedTokens: v.optional(finiteNumber),
});
const notice = v.object({ type: v.literal('notice'), ...env, iteration, at, message: v.string() });
const compaction = v.object({
  type: v.literal('compaction'),
  ...env,
  iteration,
  at,
  beforeTokens: finiteNumber,
  afterTokens: finiteNumber,
  window: finiteNumber,
  summary: v.string(),
  usage: usageSchema,
  cost,
  durationMs: finiteNumber,
});
const final = v.object({ type: v.literal('final'), ...env, iteration, at, answer: v.string(), via: v.picklist(['FINAL', 'FINAL_VAR', 'answer', 'forced']) });
const error = v.object({ type: v.literal('error'), ...env, at, message: v.string(), where: v.string(), iteration: v.optional(iteration) });
const runFinished = v.object({
  type: v.literal('run-finished'),
  ...env,
  at,
  status: v.picklist(['done', 'stopped', 'error']),
  iterations: count,
  wallMs: finiteNumber,
  usage: v.object({ root: usageTotalSchema, sub: usageTotalSchema }),
  answer: orNull(v.string()),
  reason: v.optional(v.picklist(STOP_REASONS)),
});

export const runEventSchema = v.variant('type', [
  runStarted,
  iterationStarted,
  token,
  response,
  codeStarted,
  codeFinished,
  subcallStarted,
  subcallFinished,
  notice,
  compaction,
  final,
  error,
  runFinished,
]);

export const runEventListSchema = v.array(runEventSchema);

// Compile-time: the schema's output is exactly RunEvent, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesEvents: Same<v.InferOutput<typeof runEventSchema>, RunEvent> = true;
void schemaMatchesEvents;
const envelopeMatches: Same<v.InferOutput<typeof envelopeSchema>, EventEnvelope> = true;
void envelopeMatches;
