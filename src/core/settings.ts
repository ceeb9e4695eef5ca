import type { ThinkMode } from './types';
import type { PromptStrategy } from './strategies';

/** Engine limits. The 20,000-char output cut is the official REPL's. */
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
   * What the root model is told (strategies.ts); DEFAULT_STRATEGY when absent. Optional, like the two
   * below, and not in DEFAULT_SETTINGS, because saved settings (src/store/settingsSchema.ts) do not
   * carry them yet: the engine fills them in.
   */
  strategy?: PromptStrategy;
  /** The run's own system prompt, verbatim, instead of the strategy's default. */
  systemPrompt?: string;
  /** Share of the root model's window at which the history is summarised (compaction.ts); 0 turns it off. DEFAULT_COMPACT_AT when absent. */
  compactAt?: number;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  maxIterations: 15,
  maxOutputChars: 20_000,
  blockTimeoutMs: 60_000,
  subcallConcurrency: 8,
  temperature: 0.6,
  think: 'auto',
  numCtx: 131_072,
};

/** The official package's prompt, as issue 9 asks unless there is a reason to differ. */
export const DEFAULT_STRATEGY: PromptStrategy = 'official';

/** The official threshold: Ollama cuts a conversation past num_ctx without telling anyone. */
export const DEFAULT_COMPACT_AT = 0.85;
