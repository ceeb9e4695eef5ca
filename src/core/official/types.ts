/**
 * Typed model of a JSONL trajectory log written by the official `rlm` package
 * (github.com/alexzhang13/rlm, `rlm.logger.RLMLogger`).
 *
 * Names are camelCase views of the file's snake_case fields. Every field the file
 * holds survives a parse → write round trip: fields this model does not name are
 * kept in `extra` and written back verbatim, so newer or forked loggers lose nothing.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface WithExtra {
  /** Fields of the record this model has no name for, written back unchanged. */
  extra?: JsonObject;
}

/** `{"type":"metadata", ...}` (line 1) or a child RLM's `run_metadata`. */
export interface OfficialMetadata extends WithExtra {
  /** Absent in a child's `run_metadata`. */
  timestamp?: string;
  rootModel: string;
  maxDepth?: number;
  maxIterations?: number;
  backend?: string;
  backendKwargs?: JsonObject;
  environmentType?: string;
  environmentKwargs?: JsonObject;
  /** `list[str] | None` in the package; kept as written. */
  otherBackends?: JsonValue;
}

/** One chat message; the package only writes `role` and `content`. */
export interface OfficialMessage {
  role: string;
  content: JsonValue;
  [key: string]: JsonValue;
}

/** The package types prompts as `str | dict | list[dict]`. */
export type OfficialPrompt = string | OfficialMessage[] | JsonObject;

export interface OfficialModelUsage extends WithExtra {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; only when the provider reported a cost. */
  cost?: number;
}

export interface OfficialUsage extends WithExtra {
  /** Keyed by model name, in file order. */
  models: Record<string, OfficialModelUsage>;
  totalCost?: number;
}

/** `FINAL(x)` / `FINAL_VAR(name)` as early versions logged it: the unresolved pair. */
export interface OfficialLegacyFinal {
  /** "FINAL" or "FINAL_VAR" in the package's own logs; any other string is kept and its value is the answer. */
  marker: string;
  value: string;
}

/** One `RLMChatCompletion` in `code_blocks[].result.rlm_calls`: an llm_query / rlm_query call. */
export interface OfficialCall extends WithExtra {
  /** `root_model`: the model that answered this call. */
  model: string;
  prompt: OfficialPrompt;
  /** `str | dict` in the package. */
  response: JsonValue;
  usage?: OfficialUsage;
  /** Seconds. */
  executionTime?: number;
  error?: string;
  errorType?: string;
  statusCode?: number;
  /** A child RLM's whole trajectory (`metadata.iterations`), when `rlm_query` recursed. */
  child?: OfficialChild;
}

export interface OfficialCodeBlock extends WithExtra {
  code: string;
  stdout: string;
  stderr: string;
  /** JSON snapshot of the REPL's user variables after the block (may hold the whole context). */
  locals: JsonObject;
  /** Seconds; older versions could write null. */
  executionTime?: number | null;
  calls: OfficialCall[];
  /** `result.final_answer`: set when the block made `answer["ready"]` truthy; absent before 2026-05. */
  finalAnswer?: string | null;
  /** Unknown fields of `result` (as opposed to `extra`, the block's own). */
  resultExtra?: JsonObject;
}

export interface OfficialIteration extends WithExtra {
  /** The record's `iteration` counter (1-based, restarts per completion). */
  index: number;
  timestamp?: string;
  /**
   * The full message list sent this turn. In embedded child trajectories every iteration
   * holds the child's *final* history (one shared list), so rebuild turns from `response`.
   */
  prompt?: OfficialPrompt;
  response: string;
  codeBlocks: OfficialCodeBlock[];
  /** The answer this record ended the completion with, null if it did not. */
  finalAnswer: string | null;
  /** Set when the file held a legacy `[marker, value]` pair (`["FINAL_VAR", name]`, `["FINAL", text]`) instead of a string. */
  legacyFinal?: OfficialLegacyFinal;
  /**
   * The out-of-iterations record: one extra root call without code execution whose raw
   * text is the answer (`iteration_time` null, no code blocks).
   */
  forcedDefault: boolean;
  /** Seconds; null on the forced default-answer record; absent in the oldest logs. */
  iterationTime?: number | null;
}

/** A record of a type this model does not know (e.g. `run_context`), kept in place. */
export interface OfficialOtherRecord {
  /** How many iterations of its completion precede it. */
  position: number;
  record: JsonObject;
}

/** One `RLM.completion()` call: a run of iteration records. */
export interface OfficialCompletion {
  iterations: OfficialIteration[];
  /** `final_answer` of the last record, null if the run never answered. */
  finalAnswer: string | null;
  otherRecords?: OfficialOtherRecord[];
}

/** A child RLM embedded in a call's `metadata`. */
export interface OfficialChild extends OfficialCompletion {
  runMetadata?: OfficialMetadata;
  /** Unknown fields of the call's `metadata` object. */
  metadataExtra?: JsonObject;
}

export interface OfficialLog {
  metadata?: OfficialMetadata;
  completions: OfficialCompletion[];
}
