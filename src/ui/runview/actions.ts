import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { pickAt, runIterations, shownOf } from './selection';

/** Step-through commands, read from the store when called so the controls never re-render for them. */

function current() {
  const s = useApp.getState();
  const t = s.trajectory;
  const shown = shownOf(t, s.view);
  return t && shown ? { s, t, shown, live: isRunning(s) } : null;
}

export function goTo(index: number): void {
  const c = current();
  if (!c || !c.shown.count) return;
  c.s.showIteration(c.t.rootRunId, c.shown.runId, pickAt(index, c.shown.count, c.live));
}

/** Next/previous; from a closed view, next opens the first iteration and previous the last. */
export function step(delta: number): void {
  const c = current();
  if (!c) return;
  const { index, count } = c.shown;
  goTo(index === null ? (delta > 0 ? 0 : count - 1) : index + delta);
}

export const goFirst = () => goTo(0);
export const goLast = () => goTo(Number.MAX_SAFE_INTEGER);

export function followLatest(): void {
  const c = current();
  if (c) c.s.showIteration(c.t.rootRunId, c.shown.runId, { mode: 'follow' });
}

/** Leaves the detail view (Esc on a finished run). Returns whether there was one to leave. */
export function closeDetail(): boolean {
  const c = current();
  if (!c || c.shown.index === null) return false;
  c.s.showIteration(c.t.rootRunId, c.shown.runId, { mode: 'closed' });
  return true;
}

/** Opens `iteration` of any run of the tree (from the tree panel); the latest turn's wins in a session. */
export function showRunIteration(runId: string, iteration: number): void {
  const s = useApp.getState();
  const t = s.trajectory;
  if (!t || !t.runs[runId]) return;
  const list = runIterations(t, runId);
  const index = list.findLastIndex((it) => it.iteration === iteration);
  const live = isRunning(s) && runId === t.rootRunId;
  s.showIteration(t.rootRunId, runId, index < 0 ? { mode: 'closed' } : pickAt(index, list.length, live));
}

/** Back from a child run to the root run, at the iteration whose code made the call. */
export function showRoot(): void {
  const s = useApp.getState();
  const t = s.trajectory;
  if (!t) return;
  s.showIteration(t.rootRunId, t.rootRunId, { mode: isRunning(s) ? 'follow' : 'closed' });
}
