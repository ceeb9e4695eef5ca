import type { Trajectory } from '../../core/trajectory';

export type RunStatusLabel = 'running' | 'interrupted' | 'done' | 'stopped' | 'error';

/**
 * What the run view's badge says. A trajectory still 'running' that is not
 * the live run was cut off (tab closed, reload, crash) and will never finish.
 */
export function runStatusLabel(status: Trajectory['status'], live: boolean): RunStatusLabel {
  if (live) return 'running';
  return status === 'running' ? 'interrupted' : status;
}

export const statusTone = (label: RunStatusLabel) =>
  label === 'running' ? 'info' : label === 'done' ? 'good' : label === 'stopped' || label === 'interrupted' ? 'warn' : 'bad';
