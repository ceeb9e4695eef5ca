import type { StateCreator } from 'zustand';
import type { AppState } from './types';

/**
 * Which iteration the run view shows. `follow` tracks the newest iteration (a live run);
 * `pinned` is one the user picked; `closed` is the run without an open iteration.
 */
export type IterationPick = { mode: 'follow' } | { mode: 'pinned'; index: number } | { mode: 'closed' };

export interface RunViewState {
  /** The root run this view belongs to: a view of another run does not apply (a new run starts following). */
  rootRunId: string | null;
  /** The run whose iterations are shown: the root, or a child run of a sub-call. */
  runId: string | null;
  pick: IterationPick;
  tab: 'detail' | 'calls';
}

export interface ViewSlice {
  view: RunViewState;
  /** Shows `runId` (of the tree rooted at `rootRunId`) at `pick`. */
  showIteration(rootRunId: string, runId: string, pick: IterationPick): void;
  setRunTab(tab: RunViewState['tab']): void;
}

export const DEFAULT_VIEW: RunViewState = { rootRunId: null, runId: null, pick: { mode: 'follow' }, tab: 'detail' };

export const createViewSlice = (): StateCreator<AppState, [], [], ViewSlice> => (set) => ({
  view: DEFAULT_VIEW,
  showIteration: (rootRunId, runId, pick) => set((s) => ({ view: { ...s.view, rootRunId, runId, pick, tab: pick.mode === 'closed' ? s.view.tab : 'detail' } })),
  setRunTab: (tab) => set((s) => ({ view: { ...s.view, tab } })),
});
