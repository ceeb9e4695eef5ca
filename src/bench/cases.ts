/** A trial's case, from its spec: here, apart from the matrix, so the generators load only where trials run. */
import { TASKS } from './tasks';
import type { BenchConfig, TaskCase, TrialSpec } from './types';

/** The case a trial runs: the same spec and config always give the same case. */
export function caseFor(spec: TrialSpec, cfg: BenchConfig): TaskCase {
  if (spec.task === 'custom') {
    const cases = cfg.custom?.cases ?? [];
    if (!cases.length) throw new Error('This benchmark has the custom task but no cases: load a JSONL file of cases first.');
    return cases[spec.trial % cases.length];
  }
  const def = TASKS[spec.task];
  const size = def.size === 'lines' ? { lines: spec.size } : { sizeChars: spec.size };
  return def.generate({ seed: cfg.seed, trial: spec.trial, position: cfg.position, ...size });
}
