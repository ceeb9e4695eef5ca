/**
 * Contracts shared by the engine, the sandbox, the providers and the UI.
 * Nothing here may import from React, the DOM or any other src/ folder:
 * every other layer imports these types, never the other way round.
 */

// ---------- LLM providers ----------

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** true when the server reported no counts and we estimated them (chars / 4). */
  estimated: boolean;
}

/** One piece of a streamed chat response. A stream ends with exactly one `done`. */
export type ChatPart =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'done'; usage: Usage; model: string; stopReason?: string };

export type ThinkMode = 'on' | 'off' | 'auto';

export interface ChatOptions {
  model: string;
  signal?: AbortSignal;
  temperature?: number;
  think?: ThinkMode;
  /** Ollama's context window, ignored by other providers. */
  numCtx?: number;
  maxTokens?: number;
}

export interface ModelInfo {
  name: string;
  /** Human details for the picker: size, family, quantisation… */
  details?: string;
  supportsThinking?: boolean;
  contextLength?: number;
}

export type ProviderKind = 'ollama' | 'openai' | 'anthropic' | 'inpage';

export interface ChatProvider {
  readonly kind: ProviderKind;
  /** Where requests go, for error messages and the "data is sent to" notice. */
  readonly endpoint: string;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** One model's details (thinking support, context window), where the server can tell. */
  describeModel?(name: string, signal?: AbortSignal): Promise<ModelInfo>;
  chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart>;
}

// ---------- Context (the user's data) ----------

/** jsonl: one JSON value per line, loaded as a list. */
export type ContextFormat = 'text' | 'json' | 'jsonl';

/** What the first prompt says about `context`. The data itself never enters a prompt. */
export interface ContextMeta {
  name: string;
  /** Python type name of `context`: str, dict, list. */
  pyType: string;
  totalChars: number;
  lines: number;
  bytes: number;
  head: string;
  tail: string;
  /** For dict/list: number of top-level items / keys preview. */
  items?: number;
  warnings: string[];
  /** Hex SHA-256 of the file's bytes (several files: of their bytes in order), computed page-side. */
  sha256?: string;
  /** Preview and entropy map for the 'profile' prompt strategy (profile.ts); absent when not computed. */
  profile?: ContextProfile;
}

/** A stretch of the context text: `[start, end)` in characters of the file's text. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface ProfilePreview extends TextSpan {
  text: string;
}

/** One of ~20 equal stretches of the text; `ratio` is null when no chunk in it was measured. */
export interface EntropySection extends TextSpan {
  ratio: number | null;
}

/** A section that stands out, pointing at its most unusual chunk. */
export interface EntropyOutlier extends TextSpan {
  section: number;
  /** The chunk's compressed size / raw size. */
  ratio: number;
  /** Robust z-score (0.6745 · deviation / MAD) of whichever of section or chunk deviates more. */
  z: number;
  direction: 'high' | 'low';
  excerpt: string;
}

/** What the root model is shown about the context under the 'profile' strategy (minRLM's context profile). */
export interface ContextProfile {
  totalChars: number;
  chunkChars: number;
  /** Fraction of the text that was compressed: below 1 when a huge text was sampled to bound the time taken. */
  coverage: number;
  /** Median chunk ratio, the baseline outliers are measured against. */
  median: number;
  head: ProfilePreview;
  middle: ProfilePreview;
  tail: ProfilePreview;
  sections: EntropySection[];
  outliers: EntropyOutlier[];
}

// ---------- Sandbox as seen by the engine ----------

export type FinalVia = 'FINAL' | 'FINAL_VAR' | 'answer';

export interface FinalValue {
  value: string;
  via: FinalVia;
}

/** `llm_query*` ask one model; `rlm_query*` ask for a child RLM (which the engine may answer as a plain call). */
export type SubcallKind = 'llm' | 'rlm';

export interface SubcallRequest {
  prompt: string;
  model?: string;
  /** Which function the code called; absent means 'llm' (sandboxes written before rlm_query existed). */
  kind?: SubcallKind;
  /** One prompt of an `llm_query_batched` / `rlm_query_batched` call (the official log records a failed batch slot, not a failed single call). */
  batched?: true;
}

export interface ExecOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Serves `llm_query` from model code. Called once per prompt, batched ones concurrently. */
  onSubcall: (req: SubcallRequest, signal: AbortSignal) => Promise<string>;
}

/*
 * What a sandbox implements for recursion and budgets (the engine side is src/core/subcalls.ts):
 * - `rlm_query(prompt, model=None) -> str` calls `onSubcall({ prompt, model, kind: 'rlm' }, signal)`;
 *   `rlm_query_batched(prompts, model=None) -> list[str]` calls it once per prompt, all at once
 *   (the engine limits how many children run together: `childConcurrency`), answers in order.
 *   `llm_query*` send `kind: 'llm'` (or nothing). The promise resolves to the string the code gets,
 *   "Error: …" included (budget refusals, a prompt too big for the model's window, a failed child);
 *   it rejects only when the run is being stopped: the block should then end as interrupted.
 * - `signal` (the one passed to onSubcall) aborts when the block is interrupted or times out, so
 *   the engine can cancel the call or the child run behind it.
 * - `ExecOptions.signal` aborts on Stop and when the run's wall-time budget runs out mid-block:
 *   both interrupt the block the same way.
 * - `getAnswerContent()` returns `str(answer["content"])` when it is a non-empty string, else
 *   null; it must work after an interrupted block (it is the partial answer a budget stop returns).
 * - A child's REPL comes from `ReplFactory`: a fresh namespace whose `context` is the prompt (a str),
 *   with the same functions; `dispose()` frees it and is called once the child run ends.
 */

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** false when the block raised (or was interrupted). */
  ok: boolean;
  final: FinalValue | null;
  durationMs: number;
  /** User variable names after the block (names only, like the official REPL). */
  variables: string[];
  /**
   * The same variables (the model's data and the functions / classes it defined; at most 50) with their type and a
   * short repr (<= 120 chars; a long str as its head and length). Absent when the sandbox did not compute it.
   */
  variableInfo?: { name: string; type: string; repr: string }[];
  /** Set when the interpreter had to be restarted: why, so the model can be told its variables are gone. */
  reset?: string;
  timedOut?: boolean;
  /** Step mode: the user skipped the block, nothing ran (the feedback says so instead of an output). */
  skipped?: true;
}

export interface Repl {
  exec(code: string, opts: ExecOptions): Promise<ExecResult>;
  /** str() of a variable, for FINAL_VAR written in prose; null if it does not exist. */
  getVar(name: string): Promise<string | null>;
  /** Binds `name` to a JSON value in the namespace (compaction's `history`); optional until the sandbox has it. */
  setVar?(name: string, jsonValue: unknown): Promise<void>;
  /** str(answer["content"]) when the model set a non-empty one, else null (see the contract above). */
  getAnswerContent?(): Promise<string | null>;
  /** How many child runs of one run this REPL can host at once, if it limits them (a sandbox on the
   * SharedArrayBuffer bridge runs a child's block nested in its parent's wait: one at a time). */
  readonly maxChildren?: number;
}

/** A child run's REPL: owned by that run, disposed when it ends. */
export interface ChildRepl extends Repl {
  dispose(): Promise<void>;
}

/** Makes a child run's REPL with `context` set to the prompt; `signal` is the run's stop signal. */
export type ReplFactory = (opts: { context: string; signal: AbortSignal }) => Promise<ChildRepl>;
