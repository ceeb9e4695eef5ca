import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import { replay } from '../core/trajectory';
import type { AppState, RunSummary, StoreDeps } from './types';

export interface HistorySlice {
  history: RunSummary[];
  historyError: string | null;
  loadHistory(): Promise<void>;
  saveRun(events: RunEvent[]): Promise<void>;
  openRun(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
}

export function summarize(events: RunEvent[]): RunSummary | null {
  const t = replay(events);
  if (!t) return null;
  return {
    runId: t.runId,
    question: t.question,
    startedAt: t.startedAt,
    status: t.status,
    answer: t.final?.answer ?? null,
    rootModel: t.settings.rootModel,
    iterations: t.finished?.iterations ?? t.iterations.length,
    wallMs: t.finished?.wallMs ?? 0,
    contextName: t.context?.name ?? null,
  };
}

export const createHistorySlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], HistorySlice> =>
  (set, get) => ({
    history: [],
    historyError: null,
    loadHistory: async () => {
      try {
        set({ history: await deps.history.list(), historyError: null });
      } catch (e) {
        set({ historyError: `Run history is unavailable: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    saveRun: async (events) => {
      const summary = summarize(events);
      if (!summary) return;
      try {
        await deps.history.save(summary, events);
        await get().loadHistory();
      } catch (e) {
        set({ historyError: `This run could not be saved: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    openRun: async (runId) => {
      if (get().running) return;
      const events = await deps.history.load(runId);
      if (events) set({ trajectory: replay(events), question: replay(events)?.question ?? get().question });
    },
    deleteRun: async (runId) => {
      await deps.history.remove(runId);
      await get().loadHistory();
    },
  });
