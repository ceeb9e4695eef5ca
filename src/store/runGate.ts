import type { AppState } from './types';

/** What a queued run waits for before it starts by itself. */
export type WaitFor = 'python' | 'file';

import type { StepBlock } from '../core/step';

/** 'paused': step mode holds the run before `step` until the user decides (stepSlice.ts). */
export type RunPhase = { phase: 'idle' } | { phase: 'waiting'; for: WaitFor } | { phase: 'running' } | { phase: 'paused'; step: StepBlock };

/** Whether Run can start now, must wait (and for what), or cannot start (and why). */
export type RunGate = { gate: 'go' } | { gate: 'wait'; for: WaitFor } | { gate: 'blocked'; message: string; failed?: true };

/** Names the buttons the file's error panel has (ContextDrop): Dismiss, or Pick another file. */
export const FILE_ERROR_BLOCK = 'The file could not be loaded: press Dismiss to run without it, or Pick another file.';

export function runGate(s: AppState): RunGate {
  const blocked = (message: string): RunGate => ({ gate: 'blocked', message });
  // Not missing input but a run that fails before it starts (no server, no Python): history keeps it, as any failure.
  const failed = (message: string): RunGate => ({ gate: 'blocked', message, failed: true });
  if (!s.question.trim()) return blocked('Type a question first.');
  if (!s.settings.rootModel) return blocked('Pick a root model first.');
  const models = s.models[s.settings.rootProvider];
  if (models.status === 'error') return failed(models.message);
  if (s.context.status === 'error') return blocked(FILE_ERROR_BLOCK);
  if (s.sandbox.state === 'error') return failed(`The Python sandbox failed: ${s.sandbox.message}`);
  // Python first: a file waits for Python too, so that is the wait the user is in.
  if (s.sandbox.state === 'loading') return { gate: 'wait', for: 'python' };
  if (s.context.status === 'loading' || s.session?.adding) return { gate: 'wait', for: 'file' };
  return { gate: 'go' };
}

/** A paused run (step mode) is still a run in progress: Stop, no new run, files held back. */
export const isRunning = (s: Pick<AppState, 'runPhase'>) => s.runPhase.phase === 'running' || s.runPhase.phase === 'paused';
