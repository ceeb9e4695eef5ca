import * as v from 'valibot';
import type { JsonObject, JsonValue, OfficialMessage } from './types';

/**
 * valibot schemas for the records `rlm.logger.RLMLogger` writes, as found in real logs
 * (tests/fixtures/official-rlm) and in the package's `to_dict` methods across versions.
 * Every object is loose: newer or forked loggers add fields, and those must not be
 * errors. What older versions did not write yet is optional here (`result.final_answer`
 * before 2026-05, `iteration_time` before it was added, `usage_summary` on sub-calls).
 * Messages are phrased to follow a backticked field path in `parse.ts`.
 */

/** A string, or a pair: the visualizer shows the pair's second element; `["FINAL_VAR", name]` names a variable. */
export type RawFinal = string | null | [string, string];
export type RawPrompt = string | OfficialMessage[] | JsonObject;

export interface RawMetadataFields {
  timestamp?: string;
  root_model: string;
  max_depth?: number;
  max_iterations?: number;
  backend?: string;
  backend_kwargs?: JsonObject;
  environment_type?: string;
  environment_kwargs?: JsonObject;
  other_backends?: JsonValue;
  [key: string]: unknown;
}

export interface RawModelUsage {
  total_calls: number;
  total_input_tokens: number;
  total_output_tokens: number;
  total_cost?: number;
  [key: string]: unknown;
}

export interface RawUsage {
  model_usage_summaries: Record<string, RawModelUsage>;
  total_cost?: number;
  [key: string]: unknown;
}

export interface RawChildMetadata {
  run_metadata?: RawMetadataFields;
  iterations: RawIteration[];
  [key: string]: unknown;
}

export interface RawCall {
  root_model: string;
  prompt: RawPrompt;
  response: JsonValue;
  usage_summary?: RawUsage;
  execution_time?: number;
  metadata?: RawChildMetadata;
  error?: string;
  error_type?: string;
  status_code?: number;
  [key: string]: unknown;
}

export interface RawResult {
  stdout: string;
  stderr: string;
  locals?: JsonObject;
  execution_time?: number | null;
  rlm_calls?: RawCall[];
  final_answer?: RawFinal;
  [key: string]: unknown;
}

export interface RawCodeBlock {
  code: string;
  result: RawResult;
  [key: string]: unknown;
}

/** An iteration as embedded in a child trajectory: `type` and `iteration` may be missing. */
export interface RawIteration {
  type?: 'iteration';
  iteration?: number;
  timestamp?: string;
  prompt?: RawPrompt;
  response: string;
  code_blocks: RawCodeBlock[];
  final_answer?: RawFinal;
  iteration_time?: number | null;
  [key: string]: unknown;
}

export interface RawMetadataRecord extends RawMetadataFields {
  type: 'metadata';
}

export interface RawIterationRecord extends RawIteration {
  type: 'iteration';
  iteration: number;
}

const str = () => v.string('must be a string');
const num = () => v.number('must be a number');
const optNum = () => v.optional(num());
// JSON.parse only ever yields JSON values, so anything is acceptable where the package stores free-form data.
const json = v.custom<JsonValue>(() => true);
const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
// v.record alone lets arrays through.
const objectOf = <T>(value: v.GenericSchema<T>, message: string): v.GenericSchema<Record<string, T>> =>
  v.pipe(v.custom<Record<string, T>>(isObject, message), v.record(v.string(), value, message));
const jsonObject: v.GenericSchema<JsonObject> = objectOf(json, 'must be an object');

const message: v.GenericSchema<OfficialMessage> = v.looseObject(
  { role: str(), content: json },
  'must be a {role, content} message object',
) as v.GenericSchema<OfficialMessage>;

// Dispatch on the input's shape instead of v.union, so a broken message is reported at its
// own path (`prompt[3].role`) rather than as "prompt is none of the options".
const PROMPT_SHAPES = 'must be a string, a list of {role, content} messages or an object';
const promptSchema: v.GenericSchema<RawPrompt> = v.lazy((input) => {
  if (Array.isArray(input)) return v.array(message);
  if (typeof input === 'string') return v.string();
  return v.custom<JsonObject>(isObject, PROMPT_SHAPES);
}) as v.GenericSchema<RawPrompt>;

const FINAL_SHAPES = 'must be a string, null or a [string, string] pair such as ["FINAL_VAR", name]';
const finalSchema: v.GenericSchema<RawFinal> = v.lazy((input) =>
  Array.isArray(input)
    ? v.tuple([str(), str()], FINAL_SHAPES)
    : v.nullable(v.string(FINAL_SHAPES)),
) as v.GenericSchema<RawFinal>;

const metadataEntries = {
  timestamp: v.optional(str()),
  root_model: str(),
  max_depth: optNum(),
  max_iterations: optNum(),
  backend: v.optional(str()),
  backend_kwargs: v.optional(jsonObject),
  environment_type: v.optional(str()),
  environment_kwargs: v.optional(jsonObject),
  other_backends: v.optional(json),
};

const metadataFieldsSchema: v.GenericSchema<RawMetadataFields> = v.looseObject(metadataEntries, 'must be an object');

export const metadataRecordSchema: v.GenericSchema<RawMetadataRecord> = v.looseObject(
  { ...metadataEntries, type: v.literal('metadata', 'must be "metadata"') },
  'must be an object',
);

const modelUsageSchema: v.GenericSchema<RawModelUsage> = v.looseObject(
  { total_calls: num(), total_input_tokens: num(), total_output_tokens: num(), total_cost: optNum() },
  'must be an object',
);

const usageSchema: v.GenericSchema<RawUsage> = v.looseObject(
  {
    model_usage_summaries: objectOf(modelUsageSchema, 'must be an object keyed by model name'),
    total_cost: optNum(),
  },
  'must be an object',
);

const childMetadataSchema: v.GenericSchema<RawChildMetadata> = v.looseObject(
  {
    run_metadata: v.optional(metadataFieldsSchema),
    iterations: v.array(
      v.lazy(() => iterationSchema),
      'must be a list of iteration records',
    ),
  },
  'must be an object',
);

const callSchema: v.GenericSchema<RawCall> = v.looseObject(
  {
    root_model: str(),
    prompt: promptSchema,
    response: json,
    usage_summary: v.optional(usageSchema),
    execution_time: optNum(),
    metadata: v.optional(childMetadataSchema),
    error: v.optional(str()),
    error_type: v.optional(str()),
    status_code: optNum(),
  },
  'must be an object',
);

const resultSchema: v.GenericSchema<RawResult> = v.looseObject(
  {
    stdout: str(),
    stderr: str(),
    locals: v.optional(jsonObject),
    execution_time: v.optional(v.nullable(num())),
    rlm_calls: v.optional(v.array(callSchema, 'must be a list')),
    final_answer: v.optional(finalSchema),
  },
  'must be an object',
);

const codeBlockSchema: v.GenericSchema<RawCodeBlock> = v.looseObject(
  { code: str(), result: resultSchema },
  'must be an object',
);

const iterationEntries = {
  type: v.optional(v.literal('iteration', 'must be "iteration"')),
  iteration: optNum(),
  timestamp: v.optional(str()),
  prompt: v.optional(promptSchema),
  response: str(),
  code_blocks: v.array(codeBlockSchema, 'must be a list'),
  final_answer: v.optional(finalSchema),
  iteration_time: v.optional(v.nullable(num())),
};

const iterationSchema: v.GenericSchema<RawIteration> = v.looseObject(iterationEntries, 'must be an object');

export const iterationRecordSchema: v.GenericSchema<RawIterationRecord> = v.looseObject(
  { ...iterationEntries, type: v.literal('iteration', 'must be "iteration"'), iteration: num() },
  'must be an object',
);

/** Field names each record kind names explicitly; everything else is carried as `extra`. */
export const KNOWN = {
  metadata: ['type', ...Object.keys(metadataEntries)],
  runMetadata: Object.keys(metadataEntries),
  iteration: Object.keys(iterationEntries),
  codeBlock: ['code', 'result'],
  result: ['stdout', 'stderr', 'locals', 'execution_time', 'rlm_calls', 'final_answer'],
  call: ['root_model', 'prompt', 'response', 'usage_summary', 'execution_time', 'metadata', 'error', 'error_type', 'status_code'],
  childMetadata: ['run_metadata', 'iterations'],
  usage: ['model_usage_summaries', 'total_cost'],
  modelUsage: ['total_calls', 'total_input_tokens', 'total_output_tokens', 'total_cost'],
} as const;
