import type { Trajectory } from '../../core/trajectory';
import { addUsage } from '../../core/usage';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';
import { ExportButton } from './ExportButton';
import { AdviceText } from '../kit/AdviceText';
import { runStatusLabel, statusTone } from './runStatus';

export function RunSummaryBar({ t, running }: { t: Trajectory; running: boolean }) {
  const u = t.finished?.usage;
  const status = runStatusLabel(t.status, running);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-400">
        <span className="text-slate-400">Question:</span> {t.question}
      </p>
      {t.final && (
        <div data-testid="final-panel" className="rounded-lg border border-emerald-800 bg-emerald-950/40 p-3">
          <div className="mb-1 flex items-center gap-2 text-xs text-emerald-300">
            Final answer <Badge tone="good">{t.final.via}</Badge>
          </div>
          <div data-testid="final-answer" className="whitespace-pre-wrap break-words text-base text-emerald-50">
            {t.final.answer}
          </div>
        </div>
      )}
      {t.error && (
        <div role="alert" data-testid="run-failure" className="rounded-lg border border-rose-800 bg-rose-950/40 p-3 text-sm text-rose-200">
          <p className="font-medium">Failed: {t.error.where}</p>
          <AdviceText text={t.error.message} />
        </div>
      )}
      <div data-testid="run-stats" className="flex flex-wrap gap-2 text-xs">
        <Badge tone={statusTone(status)} testId="run-status">
          {status}
        </Badge>
        <Badge>{t.finished?.iterations ?? t.iterations.length} iterations</Badge>
        {t.finished && <Badge>{formatMs(t.finished.wallMs)}</Badge>}
        {u && <Badge title="root model">root {formatUsage(u.root)}</Badge>}
        {u && <Badge title="sub-calls">{u.sub.calls} sub-calls {formatUsage(u.sub)}</Badge>}
        {u && <Badge title="all calls">total {formatUsage(addUsage(u.root, u.sub))}</Badge>}
        {u && (
          <Badge title="cost from the price table; ≥ when a model has no price" testId="run-cost">
            {formatCost(u.root.cost.usd + u.sub.cost.usd, u.root.cost.complete && u.sub.cost.complete)}
          </Badge>
        )}
        <span className="ml-auto">
          <ExportButton />
        </span>
      </div>
    </div>
  );
}
