import type { ThinkMode } from './types';

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
