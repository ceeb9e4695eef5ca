import type { ExecResult } from './types';

/**
 * Step mode: the engine asks before each code block whether to run it as written, run an edited
 * version, or skip it. The gate lives outside the engine (the store, a test); the engine only
 * records what was decided so the trajectory and both exports say what the model wrote and what ran.
 */

export type StepDecision = { action: 'run'; code: string } | { action: 'skip' };

/** The block about to run; runId and depth say which run of the tree (children pause too). */
export interface StepBlock {
  iteration: number;
  block: number;
  code: string;
  lang: 'repl' | 'python';
  runId?: string;
  depth?: number;
}

/** Resolves with the user's decision; rejects (or resolves late) when `signal` aborts, which the engine treats as Stop. */
export type StepGate = (b: StepBlock, signal: AbortSignal) => Promise<StepDecision>;

/** What the model is told in place of a skipped block's output. */
export const SKIPPED_NOTE = '(block skipped by the user)';

/** The code-started fields a decision adds: the code that runs, and the model's when it differs. */
export function startedFields(model: string, d: StepDecision): { code: string; original?: string; skipped?: true } {
  if (d.action === 'skip') return { code: model, skipped: true };
  return d.code === model ? { code: model } : { code: d.code, original: model };
}

/** A skipped block's result: nothing ran, nothing failed; the feedback says it was skipped. */
export function skippedResult(): ExecResult {
  return { stdout: '', stderr: '', ok: true, final: null, durationMs: 0, variables: [], skipped: true };
}

/** Waits for the gate, turning an abort while paused into a rejection even if the gate ignores the signal. */
export function decide(gate: StepGate, b: StepBlock, signal: AbortSignal): Promise<StepDecision> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<StepDecision>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    gate(b, signal).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
