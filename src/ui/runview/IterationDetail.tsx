import { Group, Panel, Separator } from 'react-resizable-panels';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import type { IterationView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';
import { runIterations, shownOf } from './selection';
import { BlockView } from './BlockView';
import { ConversationPane } from './ConversationPane';
import { iterationMs } from './TimelineCard';
import { useWide } from '../layout/useWide';

/** The selected iteration: the conversation on one side, what its code did on the other. */
export function IterationDetail() {
  const { runId, index, count } = useApp(
    useShallow((s) => {
      const shown = shownOf(s.trajectory, s.view);
      return { runId: shown?.runId ?? null, index: shown?.index ?? null, count: shown?.count ?? 0 };
    }),
  );
  const it = useApp((s) => (index === null ? null : runIterations(s.trajectory, runId)[index]) ?? null);
  const maxOutputChars = useApp((s) => (runId ? s.trajectory?.runs[runId]?.settings.maxOutputChars : undefined) ?? 20_000);
  const live = useApp((s) => isRunning(s) && index === count - 1 && runId === s.trajectory?.rootRunId);
  const wide = useWide();
  if (!runId || !it) {
    return (
      <p data-testid="no-iteration" className="rounded-lg border border-dashed border-slate-800 p-6 text-center text-sm text-slate-400">
        {count ? 'Pick an iteration in the strip, or step with → / j.' : 'The first iteration appears here as soon as the model answers.'}
      </p>
    );
  }
  return (
    <article
      data-testid="iteration-detail"
      data-iteration={it.iteration}
      data-turn={it.turn}
      data-index={index}
      data-layout={wide ? 'split' : 'stacked'}
      aria-label={`Iteration ${it.iteration}`}
      className="overflow-hidden rounded-lg border border-slate-800 bg-slate-900/30"
    >
      <DetailHeader it={it} live={live} />
      {wide ? (
        <Group orientation="horizontal" className="h-[68vh] min-h-80">
          <Panel defaultSize="45" minSize="20" className="overflow-y-auto">
            <ConversationPane runId={runId} it={it} live={live} />
          </Panel>
          <Separator className="w-1.5 bg-slate-800 outline-none hover:bg-sky-700 focus-visible:bg-sky-600 data-[separator=active]:bg-sky-600" />
          <Panel minSize="20" className="overflow-y-auto">
            <ExecutionPane it={it} maxOutputChars={maxOutputChars} />
          </Panel>
        </Group>
      ) : (
        // A narrow screen has no room for two panes side by side: one under the other, scrolled with the page panel.
        <div className="divide-y divide-slate-800">
          <ConversationPane runId={runId} it={it} live={live} />
          <ExecutionPane it={it} maxOutputChars={maxOutputChars} />
        </div>
      )}
    </article>
  );
}

function DetailHeader({ it, live }: { it: IterationView; live: boolean }) {
  return (
    <header className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2 text-sm">
      <h2 className="font-semibold text-slate-100">Iteration {it.iteration}</h2>
      {it.forced && <Badge tone="warn">forced final answer</Badge>}
      {live && it.usage === undefined && <Badge tone="info">streaming…</Badge>}
      <span className="ml-auto text-xs text-slate-400">
        {it.model ?? ''} · {formatMs(iterationMs(it))} · {formatUsage(it.usage)}
        {it.usage && ` · ${formatCost(it.cost)}`}
      </span>
    </header>
  );
}

function ExecutionPane({ it, maxOutputChars }: { it: IterationView; maxOutputChars: number }) {
  return (
    <section aria-label="Execution" className="space-y-4 p-3">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-400">Code, output and sub-calls</h3>
      {it.blocks.length === 0 && <p className="text-sm italic text-slate-400">No code ran in this iteration.</p>}
      {it.blocks.map((b) => (
        <BlockView key={b.block} block={b} maxOutputChars={maxOutputChars} />
      ))}
    </section>
  );
}
