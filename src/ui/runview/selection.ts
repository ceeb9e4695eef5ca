import type { IterationView, RunNode, Trajectory } from '../../core/trajectory';
import type { IterationPick, RunViewState } from '../../store/viewSlice';
import type { AppState } from '../../store/types';

/** Pure helpers of the run view: which run and iteration is shown, and the URL hash that names it. */

const flatMemo = new WeakMap<RunNode, IterationView[]>();

/** A run's iterations, all turns in order (the root's is the trajectory's own array, kept by reference). */
export function runIterations(t: Trajectory | null, runId: string | null): IterationView[] {
  if (!t) return [];
  const id = runId ?? t.rootRunId;
  if (id === t.rootRunId) return t.iterations;
  const run = t.runs[id];
  if (!run) return [];
  const hit = flatMemo.get(run);
  if (hit) return hit;
  const list = run.turns.length === 1 ? run.turns[0].iterations : run.turns.flatMap((tn) => tn.iterations);
  flatMemo.set(run, list);
  return list;
}

export interface Shown {
  /** The run whose iterations are shown. */
  runId: string;
  pick: IterationPick;
  /** Position in `runIterations`, or null when no iteration is open. */
  index: number | null;
  count: number;
}

/** The view applied to this trajectory: a view saved for another run (or a vanished child run) means "follow the root". */
export function shownOf(t: Trajectory | null, view: RunViewState): Shown | null {
  if (!t) return null;
  const applies = view.rootRunId === t.rootRunId && (view.runId === null || t.runs[view.runId] !== undefined);
  const runId = applies && view.runId ? view.runId : t.rootRunId;
  const pick: IterationPick = applies ? view.pick : { mode: 'follow' };
  const count = runIterations(t, runId).length;
  return { runId, pick, count, index: indexOf(pick, count) };
}

export function indexOf(pick: IterationPick, count: number): number | null {
  if (!count || pick.mode === 'closed') return null;
  if (pick.mode === 'follow') return count - 1;
  return Math.max(0, Math.min(count - 1, pick.index));
}

/** A step to `index`: reaching the newest iteration of a live run goes back to following it. */
export function pickAt(index: number, count: number, live: boolean): IterationPick {
  const i = Math.max(0, Math.min(count - 1, index));
  return live && i === count - 1 ? { mode: 'follow' } : { mode: 'pinned', index: i };
}

export interface HashView {
  run: string;
  /** A child run shown instead of the root. */
  child: string | null;
  /** 1-based position, or null: the run without an open iteration. */
  it: number | null;
}

export function parseHash(hash: string): HashView | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const run = p.get('run');
  if (!run) return null;
  const n = Number(p.get('it'));
  return { run, child: p.get('child'), it: Number.isInteger(n) && n >= 1 ? n : null };
}

export function formatHash(v: HashView): string {
  const p = new URLSearchParams({ run: v.run });
  if (v.child) p.set('child', v.child);
  if (v.it !== null) p.set('it', String(v.it));
  return `#${p.toString()}`;
}

/** The per-iteration facts a card shows besides the iteration itself: the answer and a run-level failure of its turn. */
export function turnMarks(run: RunNode | undefined): { finals: Set<string>; errors: Set<string> } {
  const finals = new Set<string>();
  const errors = new Set<string>();
  for (const tn of run?.turns ?? []) {
    if (tn.final) finals.add(`${tn.turn}/${tn.final.iteration}`);
    if (tn.error?.iteration !== undefined) errors.add(`${tn.turn}/${tn.error.iteration}`);
  }
  return { finals, errors };
}

export const markKey = (it: IterationView) => `${it.turn}/${it.iteration}`;

/** What the hash should say for the shown run, or null with no run shown. */
export function hashFor(s: Pick<AppState, 'trajectory' | 'view'>): string | null {
  const t = s.trajectory;
  const shown = shownOf(t, s.view);
  if (!t || !shown) return null;
  const child = shown.runId === t.rootRunId ? null : shown.runId;
  return formatHash({ run: t.rootRunId, child, it: shown.index === null ? null : shown.index + 1 });
}
