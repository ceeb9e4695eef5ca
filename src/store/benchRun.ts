/**
 * Running a benchmark from the store: providers per (model, host) from the user's provider settings and keys, prices
 * from the settings; the scheduling itself is src/bench/schedule.ts, shared with the CLI.
 */
import { callCost } from '../core/cost';
import type { ChatProvider } from '../core/types';
import { runMatrix, type BenchPool } from '../bench/schedule';
import type { MatrixEnd, MatrixScheduler } from '../bench/matrix';
import type { BenchModel, BenchRecord, TrialResult } from '../bench/types';
import { providerConfig } from './settings';
import type { AppState, StoreDeps } from './types';

export { DEFAULT_SANDBOXES, enginePrompts, poolSize, type BenchPool } from '../bench/schedule';

function providerFor(s: AppState, deps: StoreDeps, m: BenchModel, host: string): ChatProvider {
  const base = providerConfig(m.provider, s.settings, s.keys[m.provider] ?? '');
  if (!host || base.kind === 'inpage') return deps.createProvider(base);
  if (base.kind === 'ollama') return deps.createProvider({ kind: 'ollama', host, callTimeoutMs: base.callTimeoutMs });
  return deps.createProvider({ ...base, baseURL: host });
}

export interface MatrixHooks {
  record: BenchRecord;
  pool: BenchPool;
  onResult(r: TrialResult): Promise<void>;
}

/** Runs what is left of `record` (its finished keys are skipped); the scheduler is returned for pause/cancel. */
export function startMatrix(get: () => AppState, deps: StoreDeps, h: MatrixHooks): { scheduler: MatrixScheduler; done: Promise<MatrixEnd> } {
  return runMatrix({
    ...h,
    providerFor: (m, host) => providerFor(get(), deps, m, host),
    price: (m, model, usage, endpoint) => callCost(m.provider, model, usage, get().settings.prices, endpoint),
    now: deps.now,
    newId: deps.newId,
  });
}
