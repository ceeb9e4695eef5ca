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
   * What the root model is told (strategies.ts). Optional, like the two below, because saved
   * settings (src/store/settingsSchema.ts) do not carry them yet; DEFAULT_SETTINGS always has them.
   */
  strategy?: PromptStrategy;
  /** The run's own system prompt, verbatim, instead of the strategy's default. */
  systemPrompt?: string;
  /** Fraction of the root model's window at which the history is summarised (compaction.ts); 0 turns it off. */
  compactAt?: number;
}

export const DEFAULT_SETTINGS: EngineSettings & Required<Pick<EngineSettings, 'strategy' | 'compactAt'>> = {
  maxIterations: 15,
  maxOutputChars: 20_000,
  blockTimeoutMs: 60_000,
  subcallConcurrency: 8,
  temperature: 0.6,
  think: 'auto',
  numCtx: 131_072,
  // The official package's prompt, as the issue asks unless there is a reason to differ.
  strategy: 'official',
  // The official threshold: Ollama cuts a conversation past num_ctx without telling anyone.
  compactAt: 0.85,
};
