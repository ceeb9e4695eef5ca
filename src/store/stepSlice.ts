import type { StateCreator } from 'zustand';
import type { StepBlock, StepDecision, StepGate } from '../core/step';
import type { AppState, StoreDeps } from './types';

/**
 * Step mode (issue 11): the engine's step gate for the store's runs. With step mode on, every block of the
 * run (children's too) waits here until the user runs it (edited or not), skips it, or turns step mode off.
 * The block shown is `runPhase: {phase: 'paused', step}`; parallel child runs queue behind it.
 */
export interface StepSlice {
  /** Pause before each block. Starts from the link's `stepMode=1`; not saved. */
  stepMode: boolean;
  setStepMode(on: boolean): void;
  /** The gate runSlice hands to the engine; answers at once while step mode is off. */
  stepGate: StepGate;
  /** Runs the paused block with `code` (the model's, or the user's edit). */
  stepRun(code: string): void;
  stepSkip(): void;
  /** Step mode off: the paused block runs with `code`, and so does every later one as written. */
  stepContinue(code?: string): void;
}

interface Waiting {
  step: StepBlock;
  resolve(d: StepDecision): void;
}

const ON = ['1', 'true', 'on'];
const OFF = ['0', 'false', 'off'];

/** `?stepMode=1` turns step mode on for this page; a value that is neither on nor off is reported and ignored. */
export function stepModeFromLink(search: string): { on: boolean; problem: string | null } {
  const raw = new URLSearchParams(search).get('stepMode');
  if (raw === null) return { on: false, problem: null };
  const value = raw.trim().toLowerCase();
  if (ON.includes(value)) return { on: true, problem: null };
  if (OFF.includes(value)) return { on: false, problem: null };
  return { on: false, problem: `The link's \`stepMode=${raw.slice(0, 40)}\` is not 1 or 0; step mode stays off.` };
}

export const createStepSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], StepSlice> =>
  (set, get) => {
    const queue: Waiting[] = [];
    /** The run phase follows the queue: the first waiting block, or running again. */
    const show = () => {
      if (get().runPhase.phase === 'idle') return;
      set({ runPhase: queue.length ? { phase: 'paused', step: queue[0].step } : { phase: 'running' } });
    };
    const answer = (d: (w: Waiting) => StepDecision) => {
      const w = queue.shift();
      if (!w) return;
      w.resolve(d(w));
      show();
    };
    return {
      stepMode: stepModeFromLink(deps.search).on,
      // Turning it off while a block waits is "run to the end": nothing may stay paused with the toggle off.
      setStepMode: (on) => (on ? set({ stepMode: true }) : get().stepContinue()),
      stepGate: (step, signal) => {
        if (!get().stepMode) return Promise.resolve({ action: 'run', code: step.code });
        return new Promise<StepDecision>((resolve, reject) => {
          const w: Waiting = { step, resolve };
          queue.push(w);
          // Stop while paused: this block leaves the queue and the engine unwinds as stopped.
          signal.addEventListener(
            'abort',
            () => {
              const i = queue.indexOf(w);
              if (i < 0) return;
              queue.splice(i, 1);
              reject(signal.reason ?? new Error('stopped'));
              show();
            },
            { once: true },
          );
          show();
        });
      },
      stepRun: (code) => answer(() => ({ action: 'run', code })),
      stepSkip: () => answer(() => ({ action: 'skip' })),
      stepContinue: (code) => {
        set({ stepMode: false });
        answer((w) => ({ action: 'run', code: code ?? w.step.code }));
        while (queue.length) answer((w) => ({ action: 'run', code: w.step.code }));
      },
    };
  };
