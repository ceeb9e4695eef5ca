import type { Trajectory } from '../../core/trajectory';

/**
 * Placeholder for the tree/swimlane panel (replaced at merge by the real one): the root
 * run's iterations as buttons, with the same props.
 */
export function TreePanel({ trajectory, onSelect }: { trajectory: Trajectory; onSelect(runId: string, iteration: number): void }) {
  return (
    <ul className="space-y-1 text-sm" aria-label="Calls">
      {trajectory.iterations.map((it, i) => (
        <li key={i}>
          <button
            type="button"
            className="rounded px-2 py-0.5 text-left text-slate-300 hover:bg-slate-800"
            onClick={() => onSelect(trajectory.rootRunId, it.iteration)}
          >
            Iteration {it.iteration}
          </button>
        </li>
      ))}
    </ul>
  );
}
