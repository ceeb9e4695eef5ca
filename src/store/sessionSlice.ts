/**
 * Sessions (chat), as the official `persistent=True`: questions asked one after another on one REPL. Each
 * question is a turn of ONE run (same runId, run-started per turn with turn 0, 1, 2…); the REPL is reset only
 * for a new session (the first turn, New session, a page load), never between turns. After each turn its root
 * conversation is bound as `history_<turn>`; a file added mid-session becomes `context_1`, `context_2`…
 *
 * A follow-up is offered only while the shown run IS the live session: the REPL's variables exist in this page
 * only, so a session reopened from history (or after a reload) can be read but not continued.
 */
import { errorMessage } from '../core/error-message';
import type { StateCreator } from 'zustand';
import type { RunEvent, SessionInfo } from '../core/events';
import type { RunOutcome } from '../core/loop';
import type { ContextMeta } from '../core/types';
import { DEFAULT_VIEW } from './viewSlice';
import { isRunning } from './runGate';
import type { AppState, ContextFile, StoreDeps } from './types';

export interface LiveSession {
  runId: string;
  /** The next turn's number: turns taken so far. */
  nextTurn: number;
  /** `history_0` … `history_{histories-1}` are bound in the REPL. */
  histories: number;
  /** What `context_1`, `context_2`… hold, in slot order. */
  extraContexts: ContextMeta[];
  /** A file being loaded into the next slot. */
  adding: string[] | null;
  addError: string | null;
}

/** How the next Run starts: a new session (sandbox reset, turn 0) or the live session's next turn. */
export type TurnPlan =
  | { kind: 'new' }
  | { kind: 'follow-up'; runId: string; turn: number; session: SessionInfo; prior: RunEvent[] };

export interface SessionSlice {
  session: LiveSession | null;
  /** Ends the session: a clean REPL (variables, histories and added contexts gone; `context` kept) and an empty view. */
  newSession(): Promise<void>;
  /** Records a finished turn: binds `history_<turn>` and moves the session on (the run slice calls it). */
  endTurn(plan: TurnPlan, events: RunEvent[], outcome: RunOutcome | null): Promise<void>;
  /** Loads files into the live session's next slot (`context_<n>`), keeping every variable. */
  addSessionContext(files: ContextFile[], names: string[]): Promise<void>;
}

/** The live session, when the shown run is it (so a Run continues it). */
export function liveSessionOf(s: Pick<AppState, 'session' | 'trajectory'>): LiveSession | null {
  const live = s.session;
  return live && s.trajectory?.rootRunId === live.runId ? live : null;
}

export function turnPlan(s: AppState): TurnPlan {
  const live = liveSessionOf(s);
  if (!live) return { kind: 'new' };
  const extra = live.extraContexts.length ? { extraContexts: live.extraContexts } : {};
  const session: SessionInfo = { contexts: 1 + live.extraContexts.length, histories: live.histories, ...extra };
  return { kind: 'follow-up', runId: live.runId, turn: live.nextTurn, session, prior: s.runEvents };
}

const rootStart = (events: RunEvent[]) => events.find((e) => e.type === 'run-started' && e.parentCallId === null);

export const createSessionSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SessionSlice> =>
  (set, get) => ({
    session: null,
    newSession: async () => {
      if (get().runPhase.phase !== 'idle') return;
      set({ session: null, trajectory: null, runEvents: [], view: DEFAULT_VIEW, runError: null });
      try {
        await deps.sandbox.reset();
      } catch (e) {
        // The next Run resets again before it starts, so nothing of the old session can leak into it.
        set({ runError: `Python could not be reset for the new session: ${errorMessage(e)}` });
      }
    },
    endTurn: async (plan, events, outcome) => {
      const start = rootStart(events);
      if (!start) return;
      const turn = start.turn;
      const base: LiveSession =
        plan.kind === 'follow-up' && get().session?.runId === plan.runId
          ? get().session!
          : { runId: start.runId, nextTurn: 0, histories: 0, extraContexts: [], adding: null, addError: null };
      let histories = base.histories;
      try {
        // Always bound, empty for a turn that failed before its first call: history_<n> stays turn n's.
        await deps.sandbox.setVar?.(`history_${turn}`, outcome?.messages ?? []);
        histories = turn + 1;
      } catch (e) {
        set({ runError: `history_${turn} could not be stored in the REPL: ${errorMessage(e)}` });
      }
      set({ session: { ...base, runId: start.runId, nextTurn: turn + 1, histories } });
    },
    addSessionContext: async (files, names) => {
      const live = get().session;
      if (!live || isRunning(get())) return;
      const slot = 1 + live.extraContexts.length;
      set({ session: { ...live, adding: names, addError: null } });
      try {
        const meta = await deps.sandbox.loadContext(files, { slot });
        const now = get().session;
        if (!now || now.runId !== live.runId) return;
        const extraContexts = meta ? [...now.extraContexts, meta] : now.extraContexts;
        set({ session: { ...now, extraContexts, adding: null } });
      } catch (e) {
        const now = get().session;
        if (now && now.runId === live.runId) set({ session: { ...now, adding: null, addError: `${names.join(', ')} could not be added as context_${slot}: ${errorMessage(e)}` } });
      }
    },
  });
