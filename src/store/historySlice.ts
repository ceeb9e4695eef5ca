import { errorMessage } from '../core/error-message';
import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import { replay } from '../core/trajectory';
import { importTrajectory } from '../core/import';
import type { AppState, RunSummary, StoreDeps } from './types';

export interface HistorySlice {
  history: RunSummary[];
  historyError: string | null;
  /** What the last import did, when it was not the obvious (e.g. the run was already there). */
  historyNotice: string | null;
  loadHistory(): Promise<void>;
  saveRun(events: RunEvent[]): Promise<void>;
  openRun(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  importRun(text: string): Promise<void>;
}

function summarize(events: RunEvent[]): RunSummary | null {
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
    historyNotice: null,
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
      // Not while a run is queued either: opening sets the question the queued run will ask.
      if (get().runPhase.phase !== 'idle') return;
      const events = await deps.history.load(runId);
      if (!events) return;
      const trajectory = replay(events);
      set({ trajectory, runEvents: events, question: trajectory?.question ?? get().question });
    },
    importRun: async (text) => {
      set({ historyError: null, historyNotice: null });
      try {
        const { events } = importTrajectory(text);
        const summary = summarize(events);
        if (!summary) throw new Error('The file holds no run.');
        const existing = await deps.history.load(summary.runId);
        if (existing && sameEvents(existing, events)) {
          set({ historyNotice: 'This run is already in history: nothing was added.' });
          return get().openRun(summary.runId);
        }
        // Another run under a taken id (an id from an older version, or an edited file) gets its own id: history never loses a run.
        const saved = existing ? withRunId(events, deps.newId()) : events;
        await deps.history.save(summarize(saved)!, saved);
        if (existing) set({ historyNotice: 'Imported as a new entry: a different run in history has the same id.' });
        await get().loadHistory();
        await get().openRun(summarize(saved)!.runId);
      } catch (e) {
        set({ historyError: `Import failed: ${errorMessage(e)}` });
      }
    },
    deleteRun: async (runId) => {
      await deps.history.remove(runId);
      await get().loadHistory();
    },
  });

/** Key order is not meaning: a stored run and its validated re-import list fields in different orders. */
function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical((x as Record<string, unknown>)[k])]));
}
const withoutTokens = (events: RunEvent[]) => JSON.stringify(canonical(events.filter((e) => e.type !== 'token')));
const sameEvents = (a: RunEvent[], b: RunEvent[]) => withoutTokens(a) === withoutTokens(b);

/** Moves the root run (every event it owns, not its children) to a new id. */
function withRunId(events: RunEvent[], runId: string): RunEvent[] {
  const old = events.find((e) => e.type === 'run-started')?.runId;
  return events.map((e) => (e.runId === old ? { ...e, runId } : e));
}
