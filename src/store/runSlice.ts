import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import { reduceTrajectory, type Trajectory } from '../core/trajectory';
import { executeRun, failedBeforeStart, type RunExtras } from './runExec';
import { turnPlan, type TurnPlan } from './sessionSlice';
import type { RunOutcome } from '../core/loop';
import { runGate, type RunPhase } from './runGate';
import { saveQueue } from './saveQueue';
import type { AppState, StoreDeps } from './types';

export interface RunSlice {
  question: string;
  trajectory: Trajectory | null;
  /** The shown run's events (without tokens), for export. */
  runEvents: RunEvent[];
  runPhase: RunPhase;
  runError: string | null;
  setQuestion(q: string): void;
  /**
   * Starts a run, or queues it until Python and the file are ready; resolves
   * when that run has finished or the wait was cancelled.
   */
  startRun(extras?: RunExtras): Promise<void>;
  /** Stops the run, or cancels a queued one. */
  stopRun(): void;
}

/**
 * Token events arrive far faster than a screen refreshes; folding them in
 * batches once a frame keeps the page responsive on long streams.
 */
function frameBatcher(apply: (events: RunEvent[]) => void) {
  let queue: RunEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length) apply(batch);
  };
  const schedule = typeof requestAnimationFrame === 'function' ? (f: () => void) => requestAnimationFrame(f) : (f: () => void) => setTimeout(f, 16);
  return {
    push(e: RunEvent) {
      queue.push(e);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}

const QUESTION_KEY = 'rlm-studio:question';
const IDLE: RunPhase = { phase: 'idle' };

export const createRunSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> =>
  (set, get, api) => {
    let controller: AbortController | null = null;
    let cancelWait: (() => void) | null = null;
    let current: Promise<void> | null = null;

    const execute = async (extras: RunExtras = {}) => {
      controller = new AbortController();
      const batcher = frameBatcher((batch) => set((st) => ({ trajectory: batch.reduce(reduceTrajectory, st.trajectory) })));
      // A session's next turn folds into the shown run (one history item); anything else, a fork too, starts clean.
      const plan: TurnPlan = extras.resume ? { kind: 'new' } : turnPlan(get());
      const prior = plan.kind === 'follow-up' ? plan.prior : [];
      set({ runPhase: { phase: 'running' }, runError: null, ...(plan.kind === 'new' ? { trajectory: null, runEvents: [] } : {}) });
      if (plan.kind === 'follow-up') get().showIteration(plan.runId, plan.runId, { mode: 'follow' });
      let events: RunEvent[] = [];
      let outcome: RunOutcome | null = null;
      const checkpoints = saveQueue((so: RunEvent[]) => get().saveRun([...prior, ...so]));
      try {
        events = await executeRun(get(), deps, {
          signal: controller.signal,
          onEvent: (e) => batcher.push(e),
          checkpoint: (so) => checkpoints.push(so),
          plan,
          onOutcome: (o) => (outcome = o),
          stepGate: (b, signal) => get().stepGate(b, signal),
        }, extras);
      } finally {
        batcher.flush();
        controller = null;
        set({ runPhase: IDLE, runEvents: [...prior, ...events] });
      }
      await checkpoints.flush();
      await get().saveRun(get().runEvents);
      await get().endTurn(plan, events, outcome);
      // A file dropped during the run was held back so the running code kept its context.
      await get().applyPendingContext();
    };

    /** Re-checks on every store change: starts when ready, gives up (and says why) when blocked. */
    const queue = (extras?: RunExtras) =>
      new Promise<void>((resolve) => {
        let done = false;
        // Unsubscribed before the next state change, so the change cannot re-enter the check.
        const finish = (then: () => Promise<void> | void) => {
          done = true;
          unsubscribe();
          cancelWait = null;
          resolve(then());
        };
        const check = () => {
          if (done) return;
          const g = runGate(get());
          if (g.gate === 'go') return finish(() => execute(extras));
          if (g.gate === 'blocked')
            return finish(async () => {
              set({ runPhase: IDLE, runError: g.message });
              if (g.failed) await get().saveRun(failedBeforeStart(get(), deps, g.message));
            });
          const phase = get().runPhase;
          if (phase.phase !== 'waiting' || phase.for !== g.for) set({ runPhase: { phase: 'waiting', for: g.for } });
        };
        cancelWait = () => finish(() => set({ runPhase: IDLE }));
        const unsubscribe = api.subscribe(check);
        check();
      });

    return {
      question: deps.storage?.getItem(QUESTION_KEY) ?? '',
      trajectory: null,
      runEvents: [],
      runPhase: IDLE,
      runError: null,
      setQuestion: (question) => {
        set({ question });
        try {
          deps.storage?.setItem(QUESTION_KEY, question);
        } catch {
          // Quota or private mode: the draft then lives in this tab only.
        }
      },
      stopRun: () => {
        if (cancelWait) cancelWait();
        else controller?.abort();
      },
      startRun: (extras) => {
        if (current) return current;
        set({ runError: null });
        current = queue(extras).finally(() => (current = null));
        return current;
      },
    };
  };
