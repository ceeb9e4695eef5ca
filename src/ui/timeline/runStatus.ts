import type { Trajectory } from '../../core/trajectory';

export type RunStatusLabel = 'running' | 'paused' | 'interrupted' | 'done' | 'stopped' | 'error';

/**
 * What the run view's badge says. A trajectory still 'running' that is not
 * the live run was cut off (tab closed, reload, crash) and will never finish.
 */
export function runStatusLabel(status: Trajectory['status'], live: boolean, paused = false): RunStatusLabel {
  if (live) return paused ? 'paused' : 'running';
  return status === 'running' ? 'interrupted' : status;
}

export const statusTone = (label: RunStatusLabel) =>
  label === 'running' ? 'info' : label === 'paused' ? 'warn' : label === 'done' ? 'good' : label === 'stopped' || label === 'interrupted' ? 'warn' : 'bad';
