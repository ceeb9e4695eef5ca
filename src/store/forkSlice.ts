import type { StateCreator } from 'zustand';
import type { RunEvent } from '../core/events';
import type { ContextMeta } from '../core/types';
import { resumePoint } from '../core/fork';
import type { ReplayDecision, ReplayMismatch } from '../core/replay';
import { replay } from '../core/trajectory';
import { errorMessage } from '../core/error-message';
import { formatBytes } from '../core/format';
import { sha256OfBlobs } from './fileHash';
import { settingsForRerun } from './historySlice';
import type { AppState, StoreDeps } from './types';

/**
 * "Continue from here": a new run that replays a stored run up to iteration k from its record
 * and goes on live (core/fork.ts). The context must be the file the parent read: the kept one,
 * the one loaded now when its hash matches, or one the user drops again (hash checked).
 */

export interface ForkOptions {
  iteration: number;
  /** Block number → edited code for iteration k. */
  edits?: Record<number, string>;
  rootModel?: string;
  subModel?: string;
  maxIterations?: number;
  /** The parent's file, dropped again (when it was not kept with the run). */
  files?: File[];
}

/** What the fork dialog needs to know about the parent's context. */
export type ForkContextNeed = { need: 'none' } | { need: 'kept' } | { need: 'loaded' } | { need: 'drop'; context: ContextMeta };

export interface ForkSlice {
  /** The iteration whose fork dialog is open (of the shown run). */
  forkTarget: { runId: string; iteration: number } | null;
  openFork(iteration: number): void;
  closeFork(): void;
  forkError: string | null;
  /** A replayed block differed from the record: the fork waits for decideFork. */
  forkMismatch: ReplayMismatch | null;
  forkContextNeed(runId: string): Promise<ForkContextNeed>;
  /** Starts the fork; false (with forkError set) when it cannot, and then nothing ran. */
  forkRun(runId: string, opts: ForkOptions): Promise<boolean>;
  decideFork(d: ReplayDecision): void;
  clearForkError(): void;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

export const createForkSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ForkSlice> =>
  (set, get) => {
    let decide: ((d: ReplayDecision) => void) | null = null;
    const loadEvents = async (runId: string): Promise<RunEvent[] | null> => (await deps.history.load(runId)) ?? (get().trajectory?.runId === runId ? get().runEvents : null);

    /** Loads the parent's file into the sandbox, or says why not; null when all is in place. */
    const prepareContext = async (runId: string, meta: ContextMeta | null, dropped?: File[]): Promise<string | null> => {
      if (!meta) {
        if (get().context.status !== 'empty') await get().clearContext();
        return null;
      }
      const loaded = get().contextFiles;
      const files = dropped?.length ? dropped : await deps.history.loadFiles(runId);
      if (!files) {
        if (meta.sha256 && loaded?.sha256 === meta.sha256) return null;
        return `This run's file ${meta.name} was not kept with it: drop it again to fork.`;
      }
      const wrong = await wrongFile(files, meta);
      if (wrong) return wrong;
      if (!(meta.sha256 && loaded?.sha256 === meta.sha256)) await get().setFiles(files);
      const c = get().context;
      return c.status === 'ready' ? null : `The file could not be loaded: ${c.status === 'error' ? c.message : c.status}.`;
    };

    return {
      forkTarget: null,
      openFork: (iteration) => {
        const runId = get().trajectory?.runId;
        if (runId) set({ forkTarget: { runId, iteration }, forkError: null });
      },
      closeFork: () => set({ forkTarget: null, forkError: null }),
      forkError: null,
      forkMismatch: null,
      clearForkError: () => set({ forkError: null }),
      decideFork: (d) => {
        set({ forkMismatch: null });
        decide?.(d);
        decide = null;
      },
      forkContextNeed: async (runId) => {
        const events = await loadEvents(runId);
        const meta = events ? (replay(events)?.context ?? null) : null;
        if (!meta) return { need: 'none' };
        if (await deps.history.loadFiles(runId)) return { need: 'kept' };
        if (meta.sha256 && get().contextFiles?.sha256 === meta.sha256) return { need: 'loaded' };
        return { need: 'drop', context: meta };
      },
      forkRun: async (runId, opts) => {
        const fail = (forkError: string) => (set({ forkError }), false);
        if (get().runPhase.phase !== 'idle') return fail('A run is going: stop it or wait for it to end before forking.');
        set({ forkError: null });
        const events = await loadEvents(runId);
        const t = events && replay(events);
        if (!events || !t) return fail('This run could not be read from history, so it cannot be forked.');
        const r = resumePoint(events, { iteration: opts.iteration, ...(opts.edits ? { edits: opts.edits } : {}) });
        if (!r.ok) return fail(r.message);
        try {
          const why = await prepareContext(runId, t.context, opts.files);
          if (why) return fail(why);
        } catch (e) {
          return fail(`The file could not be checked: ${errorMessage(e)}`);
        }
        get().setQuestion(t.question);
        get().updateSettings((s) => {
          // An imported log records no limits (0s): the current ones apply then.
          const base = t.settings.blockTimeoutMs > 0 ? settingsForRerun(s, t.settings) : s;
          const rootModel = opts.rootModel || base.rootModel;
          const subModel = opts.subModel === undefined ? base.subModel : opts.subModel === rootModel ? '' : opts.subModel;
          const maxIterations = opts.maxIterations ?? base.engine.maxIterations;
          return { ...base, rootModel, subModel, engine: { ...base.engine, maxIterations } };
        });
        const decideMismatch = (m: ReplayMismatch, signal: AbortSignal) =>
          new Promise<ReplayDecision>((resolve) => {
            decide = resolve;
            set({ forkMismatch: m });
            signal.addEventListener('abort', () => get().decideFork('stop'), { once: true });
          });
        set({ forkTarget: null });
        void get().startRun({ resume: r.point, decideMismatch });
        return true;
      },
    };
  };

/** Why the dropped files are not the parent's, or null. A record without a hash (an imported log) is checked by size. */
async function wrongFile(files: File[], meta: ContextMeta): Promise<string | null> {
  const names = files.map((f) => f.name).join(', ');
  if (meta.sha256) {
    const sha = await sha256OfBlobs(files);
    if (sha === meta.sha256) return null;
    return `${names} is not the file this run read: its sha256 is ${short(sha)}, the run's ${meta.name} had ${short(meta.sha256)}. Nothing was run; drop the run's own file.`;
  }
  const bytes = files.reduce((n, f) => n + f.size, 0);
  if (bytes === meta.bytes) return null;
  return `${names} (${formatBytes(bytes)}) is not the file this run read: the record's ${meta.name} was ${formatBytes(meta.bytes)} (${meta.bytes} bytes). Nothing was run.`;
}
