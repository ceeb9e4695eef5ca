import { errorMessage } from '../core/error-message';
import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import { reduceTrajectory, replay, type Trajectory } from '../core/trajectory';
import { importTrajectory } from '../core/import';
import type { AppState, RunSummary, StoreDeps } from './types';
import { fillFormFrom } from './runForm';

export { settingsForRerun } from './runForm';

const KEEP_FILE_KEY = 'rlm-studio:keep-file';

export interface HistorySlice {
  history: RunSummary[];
  historyError: string | null;
  /** What the last import did, when it was not the obvious (e.g. the run was already there). */
  historyNotice: string | null;
  loadHistory(): Promise<void>;
  saveRun(events: RunEvent[]): Promise<void>;
  openRun(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  /** The run deleted last, held so that Undo can put it back (until dismissed or another is deleted). */
  deletedRun: DeletedRun | null;
  undoDelete(): Promise<void>;
  dismissDeleted(): void;
  importRun(text: string): Promise<void>;
  /** A stored run's events without opening it (the compare view). */
  loadEvents(runId: string): Promise<RunEvent[] | null>;
  /**
   * Sets up the same run again — question, models, engine limits and, when it was kept, the
   * file — and leaves pressing Run to the user: the context or the provider may differ from
   * the first time, and a run spends tokens, so the user sees what is set before it starts.
   */
  runAgain(runId: string): Promise<void>;
  /** "Keep the file with the run": store the user's context file beside each new run. Persisted. */
  keepFile: boolean;
  setKeepFile(keep: boolean): void;
}

export interface DeletedRun {
  summary: RunSummary;
  events: RunEvent[];
  files: File[] | null;
}

/** Every model a run used, in first-use order: root, sub, and those that answered (child runs too). */
export function modelsOf(events: RunEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of events) {
    if (e.type === 'run-started') [e.settings.rootModel, e.settings.subModel].forEach((m) => seen.add(m));
    else if (e.type === 'response' || e.type === 'subcall-started') seen.add(e.model);
  }
  seen.delete('');
  return [...seen];
}

/**
 * `replay` that remembers the last list it folded: a run's next checkpoint (the same list, longer) folds only the
 * events since. Replaying the whole run at every checkpoint was quadratic in a long run.
 */
export function incrementalReplay(): (events: RunEvent[]) => Trajectory | null {
  let memo: { first: RunEvent; count: number; last: RunEvent; t: Trajectory | null } | null = null;
  return (events) => {
    const m = memo;
    const continues = m !== null && events[0] === m.first && events.length >= m.count && events[m.count - 1] === m.last;
    const t = continues ? events.slice(m.count).reduce(reduceTrajectory, m.t) : replay(events);
    memo = events.length ? { first: events[0], count: events.length, last: events[events.length - 1], t } : null;
    return t;
  };
}

/** Puts `summary` where `list()` would: replacing the run's row, newest first. */
function upsert(list: RunSummary[], summary: RunSummary): RunSummary[] {
  const rest = list.filter((r) => r.runId !== summary.runId);
  const at = rest.findIndex((r) => r.startedAt < summary.startedAt);
  return at < 0 ? [...rest, summary] : [...rest.slice(0, at), summary, ...rest.slice(at)];
}

export function summarize(events: RunEvent[], fold: (events: RunEvent[]) => Trajectory | null = replay): RunSummary | null {
  const t = fold(events);
  if (!t) return null;
  return {
    runId: t.runId,
    question: t.question,
    startedAt: t.startedAt,
    // A run saved while running and never finished was cut off by a reload or crash.
    status: t.status === 'running' ? 'interrupted' : t.status,
    answer: t.final?.answer ?? null,
    rootModel: t.settings.rootModel,
    // A session is one item: its iterations and time are every turn's.
    iterations: t.turns.reduce((n, tn) => n + (tn.finished?.iterations ?? tn.iterations.length), 0),
    wallMs: t.turns.reduce((n, tn) => n + (tn.finished?.wallMs ?? 0), 0),
    ...(t.turns.length > 1 ? { turns: t.turns.length, questions: t.turns.map((tn) => tn.question) } : {}),
    contextName: t.context?.name ?? null,
    models: modelsOf(events),
    ...(t.context?.sha256 ? { contextSha256: t.context.sha256 } : {}),
    ...(t.forkOf ? { forkOf: t.forkOf } : {}),
  };
}

export const createHistorySlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], HistorySlice> =>
  (set, get) => {
    // Runs whose file this page has stored: a run is checkpointed many times, its file stored once.
    const filesKept = new Set<string>();
    const foldSaved = incrementalReplay();
    const show = (events: RunEvent[], trajectory: Trajectory | null) =>
      set({ trajectory, runEvents: events, question: trajectory?.question ?? get().question });
    /** Stores the loaded file with the run when the user asked for it and it is the file the run read. */
    const keepFileWith = async (summary: RunSummary): Promise<RunSummary> => {
      const loaded = get().contextFiles;
      if (!get().keepFile || !summary.contextSha256 || loaded?.sha256 !== summary.contextSha256) return summary;
      if (!filesKept.has(summary.runId)) {
        await deps.history.saveFiles(summary.runId, loaded.files);
        filesKept.add(summary.runId);
      }
      return { ...summary, keptFile: true };
    };
    return {
    history: [],
    historyError: null,
    historyNotice: null,
    keepFile: deps.storage?.getItem(KEEP_FILE_KEY) === 'true',
    setKeepFile: (keepFile) => {
      set({ keepFile });
      try {
        deps.storage?.setItem(KEEP_FILE_KEY, String(keepFile));
      } catch {
        // Storage blocked: the choice holds for this page.
      }
    },
    loadHistory: async () => {
      try {
        set({ history: await deps.history.list(), historyError: null });
      } catch (e) {
        set({ historyError: `Run history is unavailable: ${errorMessage(e)}` });
      }
    },
    saveRun: async (events) => {
      const summarized = summarize(events, foldSaved);
      if (!summarized) return;
      try {
        const summary = await keepFileWith(summarized);
        await deps.history.save(summary, events);
        // The list changes by this one row: reading the whole store back at every checkpoint cost each run more.
        set((s) => ({ history: upsert(s.history, summary), historyError: null }));
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
      show(events, trajectory);
      if (trajectory) fillFormFrom(get, trajectory);
    },
    importRun: async (text) => {
      set({ historyError: null, historyNotice: null });
      try {
        // One replay per stored list, and the view from memory: reading back what was just written (10 MB of
        // events, validated again) and replaying it up to four times was most of a big import's time.
        const { events } = importTrajectory(text);
        const t = replay(events);
        const summary = summarize(events, () => t);
        if (!summary) throw new Error('The file holds no run.');
        const existing = await deps.history.load(summary.runId);
        if (existing && sameEvents(existing, events)) {
          set({ historyNotice: 'This run is already in history: nothing was added.' });
          return get().openRun(summary.runId);
        }
        // Another run under a taken id (an id from an older version, or an edited file) gets its own id: history never loses a run.
        const saved = existing ? withRunId(events, deps.newId()) : events;
        const shown = existing ? replay(saved) : t;
        const savedSummary = summarize(saved, () => shown)!;
        await deps.history.save(savedSummary, saved);
        if (existing) set({ historyNotice: 'Imported as a new entry: a different run in history has the same id.' });
        set((s) => ({ history: upsert(s.history, savedSummary) }));
        if (get().runPhase.phase === 'idle') show(saved, shown);
      } catch (e) {
        set({ historyError: `Import failed: ${errorMessage(e)}` });
      }
    },
    deleteRun: async (runId) => {
      // Read first, so Undo can put back exactly what was there (kept file included).
      const events = await deps.history.load(runId);
      const summary = get().history.find((r) => r.runId === runId) ?? (events && summarize(events));
      const files = summary?.keptFile ? await deps.history.loadFiles(runId).catch(() => null) : null;
      await deps.history.remove(runId);
      filesKept.delete(runId);
      await get().loadHistory();
      // After the list changed: the toast takes the focus the deleted row's button had.
      set({ deletedRun: events && summary ? { summary, events, files } : null });
    },
    deletedRun: null,
    undoDelete: async () => {
      const d = get().deletedRun;
      if (!d) return;
      set({ deletedRun: null });
      try {
        await deps.history.save(d.summary, d.events);
        if (d.files) await deps.history.saveFiles(d.summary.runId, d.files);
      } catch (e) {
        set({ historyError: `The run could not be restored: ${errorMessage(e)}` });
      }
      await get().loadHistory();
    },
    dismissDeleted: () => set({ deletedRun: null }),
    loadEvents: (runId) => deps.history.load(runId),
    runAgain: async (runId) => {
      if (get().runPhase.phase !== 'idle') return;
      set({ historyError: null, historyNotice: null });
      const events = await deps.history.load(runId);
      const t = events && replay(events);
      if (!t) return set({ historyError: 'This run could not be read, so it cannot be run again.' });
      fillFormFrom(get, t);
      const files = t.context ? await deps.history.loadFiles(runId) : null;
      if (files) await get().setFiles(files);
      set({ historyNotice: rerunNotice(t.settings.rootModel, t.context, files !== null) });
    },
  };
  };

function rerunNotice(model: string, context: { name: string; sha256?: string } | null, restored: boolean): string {
  const base = `Set up to run again with ${model} and the same limits. Press Run to start.`;
  if (!context || restored) return restored ? `${base} Its file ${context!.name} was kept and is loaded again.` : base;
  const hash = context.sha256 ? ` (sha256 ${context.sha256.slice(0, 12)}…)` : '';
  return `${base} Its file ${context.name}${hash} was not kept with the run: drop it again first.`;
}

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
