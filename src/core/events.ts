import type { ContextMeta, FinalVia, Usage } from './types';
import type { CostSum } from './cost';

/**
 * The one event stream of a run. The UI, persistence, export and the benchmark
 * runner all consume exactly this; nothing reads engine internals.
 * `at` is a timestamp from the injected clock (ms).
 */

export interface RunSettingsPublic {
  rootModel: string;
  subModel: string;
  rootEndpoint: string;
  subEndpoint: string;
  maxIterations: number;
  maxOutputChars: number;
  blockTimeoutMs: number;
  subcallConcurrency: number;
}

export type RunStatus = 'done' | 'stopped' | 'error';

export type FinalSource = FinalVia | 'forced';

export interface UsageTotals {
  root: Usage & { calls: number; cost: CostSum };
  sub: Usage & { calls: number; cost: CostSum };
}

export type RunEvent =
  | { type: 'run-started'; runId: string; at: number; question: string; context: ContextMeta | null; settings: RunSettingsPublic }
  | { type: 'iteration-started'; iteration: number; at: number; forced: boolean }
  | { type: 'token'; iteration: number; channel: 'content' | 'thinking'; text: string }
  | {
      type: 'response';
      iteration: number;
      at: number;
      content: string;
      thinking: string;
      usage: Usage;
      /** USD, null when the model's price is unknown. */
      cost: number | null;
      model: string;
      durationMs: number;
    }
  | { type: 'code-started'; iteration: number; block: number; at: number; code: string; lang: 'repl' | 'python' }
  | {
      type: 'code-finished';
      iteration: number;
      block: number;
      at: number;
      stdout: string;
      stderr: string;
      ok: boolean;
      durationMs: number;
      variables: string[];
      reset?: string;
      timedOut?: boolean;
    }
  | { type: 'subcall-started'; id: string; iteration: number; block: number; at: number; prompt: string; model: string }
  | {
      type: 'subcall-finished';
      id: string;
      at: number;
      response: string;
      usage: Usage;
      cost: number | null;
      durationMs: number;
      error?: string;
    }
  | { type: 'notice'; iteration: number; at: number; message: string }
  | { type: 'final'; iteration: number; at: number; answer: string; via: FinalSource }
  | { type: 'error'; at: number; message: string; where: string; iteration?: number }
  | {
      type: 'run-finished';
      at: number;
      status: RunStatus;
      iterations: number;
      wallMs: number;
      usage: UsageTotals;
      answer: string | null;
    };
