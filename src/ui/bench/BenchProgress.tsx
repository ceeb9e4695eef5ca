import { useEffect, useState } from 'react';
import { formatMs } from '../kit/format';
import { etaMs } from './eta';

export type BenchPhase = { phase: 'idle' } | { phase: 'running'; done: number; total: number; startedAt: number } | { phase: 'paused'; done: number; total: number };

/** What the bar shows: the live phase, or how the shown benchmark ended (its counts stay readable). */
export type ProgressShown = Exclude<BenchPhase, { phase: 'idle' }> | { phase: 'ended'; done: number; total: number; status: 'done' | 'cancelled' };

const button = 'rounded border border-slate-600 px-2 py-1 text-xs text-slate-200 hover:bg-slate-800';

/** Ticks once a second while running, so the ETA counts down between trials. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function BenchProgress({ phase, onPause, onResume, onCancel }: { phase: ProgressShown; onPause(): void; onResume(): void; onCancel(): void }) {
  const now = useNow(phase.phase === 'running');
  const { done, total } = phase;
  const pct = total ? Math.round((done / total) * 100) : 0;
  const eta = phase.phase === 'running' ? etaMs(done, total, phase.startedAt, now) : null;
  return (
    <section aria-label="Benchmark progress" data-testid="bench-progress" data-done={done} data-total={total} data-phase={phase.phase} className="space-y-2 rounded border border-slate-800 p-3">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-200">
        <span data-testid="bench-counts">
          {done} / {total} trials
        </span>
        <span className="text-slate-400">{phase.phase === 'ended' ? phase.status : phase.phase === 'paused' ? 'paused' : eta !== null ? `about ${formatMs(eta)} left` : 'estimating time left…'}</span>
        {phase.phase !== 'ended' && (
        <span className="ml-auto flex gap-2">
          {phase.phase === 'running' ? (
            <button type="button" data-testid="bench-pause" className={button} onClick={onPause}>
              Pause
            </button>
          ) : (
            <button type="button" data-testid="bench-resume" className={button} onClick={onResume}>
              Resume
            </button>
          )}
          <button type="button" data-testid="bench-cancel" className={button} onClick={onCancel}>
            Cancel
          </button>
        </span>
        )}
      </div>
      <div role="progressbar" aria-label="Trials finished" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="h-2 overflow-hidden rounded bg-slate-800">
        <div className="h-full bg-sky-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </section>
  );
}
