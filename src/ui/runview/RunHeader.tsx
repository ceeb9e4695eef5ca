import { memo } from 'react';
import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { runStats } from '../../core/tree';
import type { FinalView, Trajectory } from '../../core/trajectory';
import { addUsage } from '../../core/usage';
import { AdviceText } from '../kit/AdviceText';
import { Badge } from '../kit/Badge';
import { formatCost, formatInt, formatMs, formatUsage } from '../kit/format';
import { LazyMarkdown } from '../kit/LazyMarkdown';
import { ExportButton } from '../timeline/ExportButton';
import { BudgetGauges, StopReasonBadge, STOP_REASON_LABELS, useLiveWallMs } from './BudgetGauges';
import type { StopReason } from '../../core/events';
import { runStatusLabel, statusTone } from '../timeline/runStatus';
import { SessionTurns } from './SessionTurns';
import { ForkOf } from '../fork/ForkOf';

/** Question, status, answer and the run's numbers. Re-renders once a frame while a run streams: it is small. */
export function RunHeader() {
  const t = useApp((s) => s.trajectory);
  const running = useApp(isRunning);
  const paused = useApp((s) => s.runPhase.phase === 'paused');
  if (!t) return null;
  return (
    <section aria-label="Run summary" className="space-y-2">
      {t.turns.length > 1 ? (
        <SessionTurns turns={t.turns} running={running} />
      ) : (
        <p className="text-sm text-slate-300">
          <span className="text-slate-400">Question:</span> {t.question}
        </p>
      )}
      {t.forkOf && <ForkOf runId={t.runId} forkOf={t.forkOf} />}
      {t.final && (t.final.via === 'forced' ? <ForcedPanel final={t.final} reason={t.finished?.reason} /> : <FinalPanel final={t.final} />)}
      {t.error && (
        <div role="alert" data-testid="run-failure" className="rounded-lg border border-rose-800 bg-rose-950/40 p-3 text-sm text-rose-200">
          <p className="font-medium">Failed: {t.error.where}</p>
          <AdviceText text={t.error.message} />
        </div>
      )}
      <RunStats t={t} running={running} paused={paused} />
      <BudgetGauges t={t} st={runStats(t)} live={running && !paused} />
    </section>
  );
}

const FinalPanel = memo(function FinalPanel({ final }: { final: FinalView }) {
  return (
    <div data-testid="final-panel" className="rounded-lg border border-emerald-800 bg-emerald-950/40 p-3">
      <div className="mb-1 flex items-center gap-2 text-xs text-emerald-300">
        Final answer <Badge tone="good">{final.via}</Badge> <span className="text-emerald-400/80">iteration {final.iteration}</span>
      </div>
      <div data-testid="final-answer" className="text-base text-emerald-50">
        <LazyMarkdown text={final.answer} />
      </div>
    </div>
  );
});

/**
 * The model never answered: what stands here is its reply when asked for one after a limit (or the run's own note
 * that none came). Warning colours and the stop named, so it does not pass for an answer.
 */
const ForcedPanel = memo(function ForcedPanel({ final, reason }: { final: FinalView; reason?: StopReason }) {
  const why = reason && reason !== 'answered' ? STOP_REASON_LABELS[reason].replace(/ reached$/, '') : 'the run ended first';
  return (
    <div data-testid="final-panel" data-forced="true" className="rounded-lg border border-amber-700 bg-amber-950/40 p-3">
      <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-amber-300">
        <span data-testid="no-answer" className="font-medium">
          No answer: {why}
        </span>
        <Badge tone="warn">forced</Badge>
        <span className="text-amber-200/80">the model's reply when asked for one at iteration {final.iteration}:</span>
      </div>
      <div data-testid="final-answer" className="text-base text-amber-50">
        <LazyMarkdown text={final.answer} />
      </div>
    </div>
  );
});

function RunStats({ t, running, paused }: { t: Trajectory; running: boolean; paused: boolean }) {
  const st = runStats(t);
  const u = t.finished?.usage;
  const status = runStatusLabel(t.status, running, paused);
  // Ticks once a second while the run goes: events alone would freeze it during a long silent block.
  const wallMs = useLiveWallMs(t, running && !paused, t.finished?.wallMs ?? st.wallMs);
  return (
    <div
      data-testid="run-stats"
      data-iterations={st.iterations}
      data-blocks={st.blocks}
      data-subcalls={st.subcalls}
      data-depth={st.maxDepth}
      data-completions={st.completions}
      data-errors={st.errors}
      className="flex flex-wrap items-center gap-2 text-xs"
    >
      <Badge tone={t.final?.via === 'forced' && status === 'done' ? 'warn' : statusTone(status)} testId="run-status" title={paused ? 'Step mode: waiting for you to run, edit or skip the block' : undefined}>
        {paused ? 'paused · waiting for you' : status}
      </Badge>
      {t.finished && !running && <StopReasonBadge reason={t.finished.reason} />}
      <Badge title={st.iterations !== st.own.iterations ? `${st.own.iterations} in the root run` : undefined}>{formatInt(st.iterations)} iterations</Badge>
      <Badge>{formatInt(st.blocks)} blocks</Badge>
      {st.completions > 1 && <Badge title="questions asked on one REPL">{st.completions} turns</Badge>}
      {st.maxDepth > 0 && <Badge title="deepest child run">max depth {st.maxDepth}</Badge>}
      <Badge tone={st.errors ? 'bad' : 'neutral'} title="failed blocks, failed sub-calls and failed turns">
        {st.errors} errors
      </Badge>
      <Badge title="wall time" testId="run-wall-time">{formatMs(wallMs)}</Badge>
      {u ? (
        <>
          <Badge title="root model">root {formatUsage(u.root)}</Badge>
          <Badge title="sub-calls">{u.sub.calls} sub-calls {formatUsage(u.sub)}</Badge>
          <Badge title="all calls">total {formatUsage(addUsage(u.root, u.sub))}</Badge>
        </>
      ) : (
        <>
          <Badge>{formatInt(st.subcalls)} sub-calls</Badge>
          <Badge title="tokens so far, all calls">
            {formatInt(st.tokensIn)} in / {formatInt(st.tokensOut)} out
          </Badge>
        </>
      )}
      <Badge title="cost from the price table; ≥ when a model has no price" testId="run-cost">
        {u ? formatCost(u.root.cost.usd + u.sub.cost.usd, u.root.cost.complete && u.sub.cost.complete) : formatCost(st.cost, !st.costIsLowerBound)}
      </Badge>
      <span className="ml-auto flex gap-2">
        <ExportButton />
      </span>
    </div>
  );
}
