/**
 * The benchmark's vocabulary, shared by task generators, scorers, the runner, the store and the tab.
 * A result is only ever computed from trials that ran: nothing here has a default figure.
 */
import type { RunEvent } from '../core/events';
import type { EngineSettings } from '../core/settings';
import type { ProviderKind } from '../core/types';

export type TaskId = 'niah' | 'sniah' | 'multi-needle' | 'oolong' | 'oolong-pairs' | 'json-agg' | 'code-qa' | 'multi-hop' | 'custom';

export type NeedlePosition = 'start' | 'middle' | 'end' | 'random';

/** What a generator needs for one case; the same params always give the same case. */
export interface TaskParams {
  seed: number;
  /** 0-based trial index: trial t of a seed is a different case of the same shape. */
  trial: number;
  /** NIAH: number of lines. */
  lines?: number;
  /** Size-based tasks: context length in characters (8 000 … 10 000 000). */
  sizeChars?: number;
  position?: NeedlePosition;
}

export type ScorerName = 'exact' | 'number' | 'contains' | 'oolong' | 'set-f1' | 'multi-needle';

export interface Score {
  /** 0..1 (partial credit where the scorer gives it). */
  score: number;
  /** Counted as correct for accuracy: score ≥ the scorer's pass mark (1 for exact scorers). */
  correct: boolean;
  /** One line a user can read: why this score. */
  detail: string;
}

/** One generated (or user-supplied) case. */
export interface TaskCase {
  task: TaskId;
  /** Stable id: task, params, trial. */
  caseId: string;
  question: string;
  context: string;
  expected: string;
  scorer: ScorerName;
  /** How the sandbox loads `context` (default 'text': a str); 'json' / 'jsonl' parse it first. */
  contextFormat?: 'text' | 'json' | 'jsonl';
  /** Task-specific facts for the detail view (needle line, labels…), JSON-safe. */
  meta?: Record<string, unknown>;
}

export interface TaskDef {
  id: Exclude<TaskId, 'custom'>;
  label: string;
  /** One line shown in the UI. */
  description: string;
  /** Which size knob this task uses. */
  size: 'lines' | 'chars';
  generate(p: TaskParams): TaskCase;
}

export type BenchMethod = 'rlm' | 'rlm-no-sub' | 'vanilla';

/** A model on a provider; several hosts serving the same model form a pool (least busy first). */
export interface BenchModel {
  provider: ProviderKind;
  model: string;
  /** Ollama host or OpenAI-compatible base URL; empty means the provider's configured one. */
  hosts: string[];
}

export interface BenchConfig {
  tasks: TaskId[];
  /** NIAH line counts (one column per value). */
  lines: number[];
  /** Character sizes for size-based tasks. */
  sizes: number[];
  position: NeedlePosition;
  trials: number;
  seed: number;
  methods: BenchMethod[];
  models: BenchModel[];
  /** Trials at once per host (default 1 for a local Ollama). */
  perHost: number;
  /** Engine settings for every trial (iterations, budgets, strategy…). */
  engine: Partial<EngineSettings>;
  /** Sandboxes (workers) for the RLM trials; default 4, never more than hosts × perHost. */
  sandboxes?: number;
  /** Bring-your-own cases (parsed from JSONL), when tasks includes 'custom'. */
  custom?: { name: string; cases: TaskCase[] };
}

/** One cell of the matrix × one trial. */
export interface TrialSpec {
  /** Deterministic from the config: `${task}|${size}|${modelIndex}|${method}|${trial}`. */
  key: string;
  task: TaskId;
  /** lines or chars, per the task's size knob (0 for custom). */
  size: number;
  modelIndex: number;
  method: BenchMethod;
  trial: number;
}

export type TrialStatus = 'ok' | 'error' | 'exceeds-context' | 'stopped';

export interface TrialResult {
  benchId: string;
  key: string;
  spec: TrialSpec;
  status: TrialStatus;
  answer: string | null;
  expected: string;
  score: Score | null;
  iterations: number;
  wallMs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  subcalls: number;
  host: string;
  error?: string;
  finishedAt: number;
  /** The trial's trajectory (no token events), opened in the visualizer. */
  events: RunEvent[];
}

/** A saved benchmark: its config, provenance and trials (re-importable JSON). */
export interface BenchRecord {
  format: 'rlm-studio-bench';
  version: 1;
  id: string;
  createdAt: number;
  appVersion: string;
  config: BenchConfig;
  status: 'running' | 'paused' | 'done' | 'cancelled';
  /** Provenance: the system prompt each method starts from (rlm, rlm-no-sub) and the vanilla prompt template. */
  prompts?: Partial<Record<BenchMethod, string>>;
  trials: TrialResult[];
}
