import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { IterationCard } from './IterationCard';
import { RunSummaryBar } from './RunSummaryBar';

export function Timeline() {
  const t = useApp((s) => s.trajectory);
  const running = useApp(isRunning);
  if (!t) {
    return (
      <div className="rounded-lg border border-dashed border-slate-800 p-8 text-center text-sm text-slate-400">
        Iterations appear here as they happen: the model's response, its code, the output and every sub-call.
      </div>
    );
  }
  const last = t.iterations.at(-1)?.iteration;
  return (
    <div className="space-y-3" data-testid="timeline">
      <RunSummaryBar t={t} running={running} />
      {t.iterations.map((it) => (
        <IterationCard key={it.iteration} it={it} subcalls={t.subcalls} live={running && it.iteration === last} />
      ))}
    </div>
  );
}
