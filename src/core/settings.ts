import type { ThinkMode } from './types';
import type { PromptStrategy } from './strategies';

/**
 * Engine limits. The 20,000-char output cut is the official REPL's.
 * Budgets (`max*` below maxOutputChars) are totals for the whole run tree — a child run draws on
 * what its parent has left — except maxIterations and maxErrors, which count per run.
 * null means unlimited; so does 0 for maxTokens, maxWallMs and maxErrors (a 0 there would end
 * the run before its first call). maxSubcalls 0 forbids sub-calls; maxCostUsd 0 allows only free ones.
 * They are optional so that settings saved before they existed stay valid: absent means the default.
 */
export interface EngineSettings {
  maxIterations: number;
  maxOutputChars: number;
  blockTimeoutMs: number;
  /** Sub-calls in flight at once. Chromium allows 6 per host over HTTP/1.1 anyway. */
  subcallConcurrency: number;
  temperature: number;
  think: ThinkMode;
  numCtx: number;
  /**
   * What the root model is told (strategies.ts); DEFAULT_STRATEGY when absent. Optional, like the
   * fields below, so that a caller (or an imported run) may leave them out: the engine fills them in.
   */
  strategy?: PromptStrategy;
  /** The run's own system prompt, verbatim, instead of the strategy's default. */
  systemPrompt?: string;
  /** Share of the root model's window at which the history is summarised (compaction.ts); 0 turns it off. DEFAULT_COMPACT_AT when absent. */
  compactAt?: number;
  /** Depth of the run tree: 1 = no recursion (rlm_query answers as llm_query does), as the official. */
  maxDepth?: number;
  /** Sub-calls (llm and rlm) made in the whole tree; not the concurrency limit above. */
  maxSubcalls?: number | null;
  /** Input + output tokens of every call in the tree, root and sub-calls, children included. */
  maxTokens?: number | null;
  /** USD over the tree, from the price function; calls of unknown price are not counted (a notice says so). */
  maxCostUsd?: number | null;
  /** Wall time of the whole tree, enforced inside long blocks too (the block is interrupted). */
  maxWallMs?: number | null;
  /** Consecutive iterations with a failing block. */
  maxErrors?: number | null;
  /** Child runs at once per parent run (the official thread pool is 4). */
  childConcurrency?: number;
  /** Answer an identical (kind, model, prompt, sampling) sub-call within the tree from the first one. */
  subcallCache?: boolean;
}

/**
 * The engine settings a run's record keeps (run-started `settings`, events.ts RunSettingsPublic) beside its
 * models and endpoints; strategy and systemPrompt are kept too, but only when not the default (run-start.ts).
 */
export const RECORDED_SETTINGS = [
  'maxIterations',
  'maxOutputChars',
  'blockTimeoutMs',
  'subcallConcurrency',
  'maxDepth',
  'maxSubcalls',
  'maxTokens',
  'maxCostUsd',
  'maxWallMs',
  'maxErrors',
  'childConcurrency',
  'subcallCache',
] as const satisfies readonly (keyof EngineSettings)[];

type RecordedKey = (typeof RECORDED_SETTINGS)[number];
export type RecordedSettings = Pick<EngineSettings, RecordedKey | 'strategy' | 'systemPrompt'>;

/** A run's RECORDED_SETTINGS, as its run-started event keeps them. */
export function recordedSettings(s: Required<EngineSettings>): Pick<EngineSettings, RecordedKey> {
  return Object.fromEntries(RECORDED_SETTINGS.map((k) => [k, s[k]])) as Pick<EngineSettings, RecordedKey>;
}

/** The official package's prompt, as issue 9 asks unless there is a reason to differ. */
export const DEFAULT_STRATEGY: PromptStrategy = 'official';

/** The official threshold: Ollama cuts a conversation past num_ctx without telling anyone. */
export const DEFAULT_COMPACT_AT = 0.85;

/**
 * Every engine setting's default, the one source for the engine and the saved settings
 * (src/store/settingsSchema.ts falls back to these field by field).
 */
export const DEFAULT_SETTINGS: Required<EngineSettings> = {
  maxIterations: 15,
  maxOutputChars: 20_000,
  blockTimeoutMs: 60_000,
  subcallConcurrency: 8,
  temperature: 0.6,
  think: 'auto',
  numCtx: 131_072,
  maxDepth: 1,
  maxSubcalls: null,
  maxTokens: null,
  maxCostUsd: null,
  maxWallMs: null,
  maxErrors: null,
  childConcurrency: 4,
  subcallCache: false,
  strategy: DEFAULT_STRATEGY,
  systemPrompt: '',
  compactAt: DEFAULT_COMPACT_AT,
};

/** The same object under the name the engine uses: what a run uses for anything not given. */
export const ENGINE_DEFAULTS: Required<EngineSettings> = DEFAULT_SETTINGS;

/** The defaults with what was given on top; an explicit `undefined` keeps the default. */
export function resolveSettings(given: Partial<EngineSettings> | undefined): Required<EngineSettings> {
  const out: Record<string, unknown> = { ...ENGINE_DEFAULTS };
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined) out[k] = v;
  return out as Required<EngineSettings>;
}
