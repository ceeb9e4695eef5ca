import { memo } from 'react';
import type { IterationView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';

export interface CardMarks {
  final: boolean;
  /** The turn failed in this iteration (a run-level error), not only a block. */
  failed: boolean;
  live: boolean;
  /** Step mode holds the live run before a block of this iteration. */
  paused?: boolean;
  multiTurn: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Time of the iteration: the model call and its blocks. */
export function iterationMs(it: IterationView): number | undefined {
  if (it.durationMs === undefined && !it.blocks.length) return undefined;
  return (it.durationMs ?? 0) + it.blocks.reduce((n, b) => n + (b.durationMs ?? 0), 0);
}

interface Props extends CardMarks {
  it: IterationView;
  index: number;
  selected: boolean;
  /** The strip's one Tab stop (roving tabindex): the selected card; arrows move between cards. */
  tabStop: boolean;
  onPick(index: number): void;
  /** "Continue from here" (fork); absent while the run is going or for iterations that cannot be forked. */
  onFork?: (iteration: number) => void;
}

/**
 * One iteration in the strip. Memoised on primitives and the iteration object: while a run
 * streams only the newest card (whose object changes) re-renders.
 */
function TimelineCardImpl({ it, index, selected, tabStop, final, failed, live, paused = false, multiTurn, onPick, onFork }: Props) {
  const subcalls = it.blocks.reduce((n, b) => n + b.subcalls.length, 0);
  const blockError = it.blocks.some((b) => b.ok === false);
  const timedOut = it.blocks.some((b) => b.timedOut);
  const streaming = live && it.usage === undefined;
  const edited = it.blocks.filter((b) => b.original !== undefined).length;
  const skipped = it.blocks.filter((b) => b.skipped).length;
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-keyshortcuts={onFork ? 'F' : undefined}
      title={onFork ? 'F: continue from this iteration (fork)' : undefined}
      tabIndex={tabStop ? 0 : -1}
      data-testid="timeline-card"
      data-iteration={it.iteration}
      data-turn={it.turn}
      data-index={index}
      data-subcalls={subcalls}
      data-paused={paused || undefined}
      onClick={() => onPick(index)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(index);
        } else if (onFork && e.key === 'f' && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          onFork(it.iteration);
        }
      }}
      className={`flex h-full cursor-pointer flex-col gap-1 rounded-lg border p-2 text-xs outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
        selected ? 'border-sky-500 bg-sky-950/60' : 'border-slate-800 bg-slate-900/50 hover:border-slate-600'
      }`}
    >
      <div className="flex items-center gap-1 font-semibold text-slate-100">
        {multiTurn && <span className="font-normal text-slate-400">T{it.turn + 1}·</span>}#{it.iteration}
        <span className="ml-auto flex gap-1">
          {final && <Badge tone="good">final</Badge>}
          {(blockError || failed) && <Badge tone="bad">error</Badge>}
          {it.forced && <Badge tone="warn">forced</Badge>}
          {timedOut && <Badge tone="warn">timed out</Badge>}
          {it.compaction && (
            <span title={`History summarised after this iteration: ${it.compaction.beforeTokens.toLocaleString('en-US')} → ${it.compaction.afterTokens.toLocaleString('en-US')} tokens`}>
              <Badge tone="info">compacted</Badge>
            </span>
          )}
          {edited > 0 && <Badge tone="warn" testId="card-edited" title={`${plural(edited, 'block')} edited by the user (step mode)`}>edited</Badge>}
          {skipped > 0 && <Badge tone="warn" testId="card-skipped" title={`${plural(skipped, 'block')} skipped by the user (step mode)`}>skipped</Badge>}
          {paused && <Badge tone="warn" testId="card-paused" title="Step mode: waiting for you to run, edit or skip a block">waiting for you</Badge>}
          {streaming && !paused && <Badge tone="info">live</Badge>}
          {it.replayed && (
            <span title="Replayed from the parent run's record: no model call">
              <Badge>replayed</Badge>
            </span>
          )}
        </span>
      </div>
      <div className="text-slate-300">
        {plural(it.blocks.length, 'block')} · {plural(subcalls, 'sub-call')}
      </div>
      <div className="text-slate-400">
        {formatMs(iterationMs(it))} · {it.usage ? formatCost(it.cost) : '$ –'}
      </div>
      <div className="flex items-center gap-1 text-slate-400">
        <span className="min-w-0 flex-1 truncate" title="root model call">
          {formatUsage(it.usage)}
        </span>
        {onFork && (
          // A plain span, not a button: an option may hold no control (axe nested-interactive). Keyboard: F on the card.
          <span
            data-testid="fork-button"
            aria-hidden="true"
            title={`Continue from iteration ${it.iteration}: replay 1…${it.iteration - 1} from the record, then go on live (F)`}
            onClick={(e) => {
              e.stopPropagation();
              onFork(it.iteration);
            }}
            className="shrink-0 cursor-pointer rounded bg-slate-800 px-1.5 text-sky-300 hover:bg-slate-700"
          >
            fork
          </span>
        )}
      </div>
    </div>
  );
}

export const TimelineCard = memo(TimelineCardImpl);
