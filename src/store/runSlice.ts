import { errorMessage } from '../core/call';
import type { StateCreator } from 'zustand';
import { runRlm } from '../core/loop';
import { callCost } from '../core/cost';
import type { RunEvent } from '../core/events';
import { reduceTrajectory, type Trajectory } from '../core/trajectory';
import type { AppState, StoreDeps } from './types';

export interface RunSlice {
  question: string;
  trajectory: Trajectory | null;
  /** The shown run's events (without tokens), for export. */
  runEvents: RunEvent[];
  running: boolean;
  runError: string | null;
  setQuestion(q: string): void;
  startRun(): Promise<void>;
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

export const createRunSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> =>
  (set, get) => {
    let controller: AbortController | null = null;
    return {
      question: deps.storage?.getItem(QUESTION_KEY) ?? '',
      trajectory: null,
      runEvents: [],
      running: false,
      runError: null,
      setQuestion: (question) => {
        set({ question });
        try {
          deps.storage?.setItem(QUESTION_KEY, question);
        } catch {
          // Quota or private mode: the draft then lives in this tab only.
        }
      },
      stopRun: () => controller?.abort(),
      startRun: async () => {
        const s = get();
        const problem = s.runBlocker();
        if (problem) {
          set({ runError: problem });
          return;
        }
        controller = new AbortController();
        const events: RunEvent[] = [];
        const batcher = frameBatcher((batch) =>
          set((st) => ({ trajectory: batch.reduce(reduceTrajectory, st.trajectory) })),
        );
        set({ running: true, runError: null, trajectory: null, runEvents: [] });
        const { settings } = s;
        const subKind = settings.subModel ? settings.subProvider : settings.rootProvider;
        try {
          const root = s.providerFor(settings.rootProvider);
          const sub = s.providerFor(subKind);
          // A run must not see (or be steered by) what an earlier run's code left behind.
          await deps.sandbox.reset();
          await runRlm(
            {
              question: s.question.trim(),
              context: s.context.meta,
              rootModel: settings.rootModel,
              subModel: settings.subModel || settings.rootModel,
              settings: settings.engine,
            },
            {
              root,
              sub,
              price: (who, model, usage) =>
                who === 'root'
                  ? callCost(settings.rootProvider, model, usage, settings.prices, root.endpoint)
                  : callCost(subKind, model, usage, settings.prices, sub.endpoint),
              repl: deps.sandbox,
              signal: controller.signal,
              emit: (e) => {
                if (e.type !== 'token') events.push(e);
                batcher.push(e);
                // Checkpoint at iteration boundaries so a reload or crash mid-run loses at most one iteration.
                if (e.type === 'iteration-started' && e.iteration > 1) void get().saveRun(events.slice());
              },
            },
          );
        } catch (e) {
          set({ runError: errorMessage(e) });
        } finally {
          batcher.flush();
          controller = null;
          set({ running: false, runEvents: events });
          await get().saveRun(events);
        }
      },
    };
  };
