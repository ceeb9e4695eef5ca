import { Suspense } from 'react';
import { useApp } from '../../store';
import { useHashSync } from './useHashSync';
import { useStepKeys } from './useStepKeys';
import { StepPanel } from '../step/StepPanel';
import { ForkDialog } from '../fork/ForkDialog';
import { MismatchDialog } from '../fork/MismatchDialog';
import { preloadable } from '../kit/preloadable';
import { RecentRuns } from '../history/RecentRuns';

const RunBody = preloadable(() => import('./RunBody'));

/** Fetches the run view's chunk ahead of the first run (see ui/prefetch.ts). */
export const preloadRunBody = RunBody.preload;

/** A run like a debugger: the header, the strip of iterations, and the selected one in detail (or the tree of calls). */
export function RunView() {
  useHashSync();
  useStepKeys();
  const has = useApp((s) => s.trajectory !== null);
  if (!has) {
    return (
      <div className="rounded-lg border border-dashed border-slate-800 p-8 text-center text-sm text-slate-400">
        Iterations appear here as they happen: the model's response, its code, the output and every sub-call.
        <RecentRuns />
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="timeline">
      <StepPanel />
      <Suspense fallback={<p className="text-sm text-slate-400">Loading the run view…</p>}>
        <RunBody.Component />
      </Suspense>
      <ForkDialog />
      <MismatchDialog />
    </div>
  );
}
