import { errorMessage } from '../core/call';
import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import { replay } from '../core/trajectory';
import { fromJsonl } from '../core/export';
import type { AppState, RunSummary, StoreDeps } from './types';

export interface HistorySlice {
  history: RunSummary[];
  historyError: string | null;
  loadHistory(): Promise<void>;
  saveRun(events: RunEvent[]): Promise<void>;
  openRun(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  importRun(text: string): Promise<void>;
}

export function summarize(events: RunEvent[]): RunSummary | null {
  const t = replay(events);
  if (!t) return null;
  return {
    runId: t.runId,
    question: t.question,
    startedAt: t.startedAt,
    // A run saved while running and never finished was cut off by a reload or crash.
    status: t.status === 'running' ? 'interrupted' : t.status,
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
        set({ historyError: `Run history is unavailable: ${errorMessage(e)}` });
      }
    },
    saveRun: async (events) => {
      const summary = summarize(events);
      if (!summary) return;
      try {
        await deps.history.save(summary, events);
        await get().loadHistory();
      } catch (e) {
        set({ historyError: `This run could not be saved: ${errorMessage(e)}` });
      }
    },
    openRun: async (runId) => {
      if (get().running) return;
      const events = await deps.history.load(runId);
      if (!events) return;
      const trajectory = replay(events);
      set({ trajectory, runEvents: events, question: trajectory?.question ?? get().question });
    },
    importRun: async (text) => {
      try {
        const events = fromJsonl(text);
        const summary = summarize(events);
        if (!summary) throw new Error('The file holds no run.');
        await deps.history.save(summary, events);
        await get().loadHistory();
        await get().openRun(summary.runId);
      } catch (e) {
        set({ historyError: `Import failed: ${errorMessage(e)}` });
      }
    },
    deleteRun: async (runId) => {
      await deps.history.remove(runId);
      await get().loadHistory();
    },
  });
