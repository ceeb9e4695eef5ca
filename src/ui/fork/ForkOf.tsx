import { lazy, Suspense, useState } from 'react';
import { useApp } from '../../store';
import type { ForkOf as ForkLink } from '../../core/events';

const CompareDialog = lazy(async () => ({ default: (await import('../compare/CompareDialog')).CompareDialog }));

/** On a fork's header: which run it continues (a link that opens it), and compare it beside its parent. */
export function ForkOf({ runId, forkOf }: { runId: string; forkOf: ForkLink }) {
  const parent = useApp((s) => s.history.find((r) => r.runId === forkOf.runId));
  const openRun = useApp((s) => s.openRun);
  const [comparing, setComparing] = useState(false);
  const name = parent ? parent.question : forkOf.runId;
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-slate-400">
      <span data-testid="fork-of" data-parent={forkOf.runId} data-iteration={forkOf.iteration}>
        Fork of{' '}
        <button type="button" data-testid="fork-of-link" onClick={() => void openRun(forkOf.runId)} className="text-sky-400 hover:underline" title={forkOf.runId}>
          {name}
        </button>{' '}
        from iteration {forkOf.iteration}
      </span>
      <button type="button" data-testid="fork-compare" onClick={() => setComparing(true)} className="rounded bg-slate-800 px-2 py-0.5 text-slate-200 hover:bg-slate-700">
        Compare with parent
      </button>
      {comparing && (
        <Suspense fallback={<span>Loading the compare view…</span>}>
          <CompareDialog ids={[forkOf.runId, runId]} onClose={() => setComparing(false)} />
        </Suspense>
      )}
    </p>
  );
}
