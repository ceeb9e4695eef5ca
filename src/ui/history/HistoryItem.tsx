import type { RunSummary } from '../../store/types';
import { formatMs } from '../kit/format';

interface Props {
  run: RunSummary;
  /** Forks sit under their parent, indented. */
  depth?: number;
  current: boolean;
  selected: boolean;
  /** Picking is refused once two runs are picked (the box is disabled, unless this one is picked). */
  canSelect: boolean;
  busy: boolean;
  onOpen(): void;
  onSelect(on: boolean): void;
  onRunAgain(): void;
  onDelete(): void;
}

const action =
  'shrink-0 rounded px-1 text-slate-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40';

export function HistoryItem({ run: r, depth = 0, current, selected, canSelect, busy, onOpen, onSelect, onRunAgain, onDelete }: Props) {
  return (
    <li
      data-testid="history-row"
      data-run-id={r.runId}
      data-fork-of={r.forkOf?.runId}
      data-depth={depth}
      style={depth ? { marginLeft: `${Math.min(depth, 4) * 0.75}rem` } : undefined}
      className={`group flex items-start gap-1 rounded px-2 py-1 text-xs ${depth ? 'border-l border-slate-700' : ''} ${current ? 'bg-slate-800' : 'hover:bg-slate-900 focus-within:bg-slate-900'}`}
    >
      <input
        type="checkbox"
        data-testid="history-select"
        aria-label={`Pick for compare: ${r.question}`}
        title="Pick two runs to compare"
        checked={selected}
        disabled={!selected && !canSelect}
        onChange={(e) => onSelect(e.target.checked)}
        className="mt-0.5 shrink-0 accent-sky-500"
      />
      <button
        type="button"
        className="block min-w-0 flex-1 rounded text-left focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500"
        onClick={onOpen}
        data-testid="history-item"
        aria-current={current ? 'true' : undefined}
      >
        <span className="block truncate text-slate-200">
          {r.forkOf && <span className="text-sky-400" title={`Fork from iteration ${r.forkOf.iteration}`}>↳ fork @{r.forkOf.iteration} · </span>}
          {r.question}
        </span>
        <span className="text-slate-400">
          {r.status} · {r.models.join(', ') || r.rootModel} · {r.iterations} it · {formatMs(r.wallMs)}
          {r.turns && r.turns > 1 && <span data-testid="history-turns" data-turns={r.turns}> · {r.turns} turns</span>}
          {r.keptFile && ' · file kept'}
        </span>
      </button>
      {/* Shown on hover or when the row has focus; always in the tab order, so a keyboard reaches them. */}
      <span className="flex shrink-0 flex-col items-end opacity-0 focus-within:opacity-100 group-hover:opacity-100 group-focus-within:opacity-100">
        <button
          type="button"
          data-testid="history-rerun"
          aria-label={`Run again: ${r.question}`}
          title="Set up this run again (question, models, limits, kept file); then press Run"
          disabled={busy}
          className={`${action} hover:text-sky-300`}
          onClick={onRunAgain}
        >
          run again
        </button>
        <button type="button" data-testid="history-delete" aria-label={`Delete run: ${r.question}`} title="Delete this run" className={`${action} hover:text-rose-300`} onClick={onDelete}>
          delete
        </button>
      </span>
    </li>
  );
}
