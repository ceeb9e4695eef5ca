import type { BenchMethod, TaskId } from '../../bench/types';
import { formatCost, formatInt, formatMs } from '../kit/format';
import { formatSize } from './eta';

/** One cell of the matrix as the table shows it (from the summary of its trials). */
export interface TableRow {
  /** The model's place in the config: the same name on two hosts is two rows. */
  modelIndex: number;
  model: string;
  provider: string;
  method: BenchMethod;
  task: TaskId;
  size: number;
  trials: number;
  correct: number;
  /** Over scored trials; null when none was scored. */
  acc: number | null;
  /** 95 % Wilson interval, 0..1. */
  ci: [number, number] | null;
  avgTimeMs: number;
  avgIters: number;
  tokensIn: number;
  tokensOut: number;
  cost: number | null;
  errors: number;
  exceeds: number;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Rows of the same task and size whose accuracies differ but whose intervals overlap: the data cannot tell them apart. */
export function overlappingPairs(rows: TableRow[]): [TableRow, TableRow][] {
  const out: [TableRow, TableRow][] = [];
  rows.forEach((a, i) =>
    rows.slice(i + 1).forEach((b) => {
      if (a.task !== b.task || a.size !== b.size || !a.ci || !b.ci || a.acc === b.acc) return;
      if (a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1]) out.push([a, b]);
    }),
  );
  return out;
}

const th = 'px-2 py-1 text-left font-medium';
const td = 'px-2 py-1 tabular-nums';

export function ResultsTable({ rows }: { rows: TableRow[] }) {
  if (!rows.length) return <p className="text-sm text-slate-400">Results appear here as trials finish.</p>;
  const overlaps = overlappingPairs(rows);
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full text-xs text-slate-200" data-testid="bench-table">
          <caption className="sr-only">Benchmark results, one row per model, method, task and size</caption>
          <thead className="border-b border-slate-700 text-slate-400">
            <tr>
              {['Model', 'Provider', 'Method', 'Task', 'Size', 'Acc (95 % CI)', 'AvgTime', 'Iters', 'Tokens in / out', 'Cost', 'Errors', 'Exceeds ctx'].map((h) => (
                <th key={h} scope="col" className={th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.modelIndex}|${r.method}|${r.task}|${r.size}`}
                data-testid="bench-row"
                data-model={r.model}
                data-model-index={r.modelIndex}
                data-provider={r.provider}
                data-method={r.method}
                data-task={r.task}
                data-size={r.size}
                data-trials={r.trials}
                data-correct={r.correct}
                data-errors={r.errors}
                data-exceeds={r.exceeds}
                className="border-b border-slate-800"
              >
                <td className="px-2 py-1 font-mono">{r.model}</td>
                <td className="px-2 py-1">{r.provider}</td>
                <td className="px-2 py-1">{r.method}</td>
                <td className="px-2 py-1">{r.task}</td>
                <td className={td}>{r.size ? formatSize(r.size) : '–'}</td>
                <td className={td}>
                  {r.acc === null ? '–' : pct(r.acc)}
                  {r.ci && <span className="text-slate-400"> [{pct(r.ci[0])}–{pct(r.ci[1])}]</span>}
                  <span className="text-slate-400"> ({r.correct}/{r.trials - r.errors - r.exceeds})</span>
                </td>
                <td className={td}>{formatMs(r.avgTimeMs)}</td>
                <td className={td}>{r.avgIters.toFixed(1)}</td>
                <td className={td}>
                  {formatInt(Math.round(r.tokensIn))} / {formatInt(Math.round(r.tokensOut))}
                </td>
                <td className={td}>{formatCost(r.cost)}</td>
                <td className={`${td} ${r.errors ? 'text-amber-300' : ''}`}>{r.errors}</td>
                <td className={td}>{r.exceeds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overlaps.length > 0 && (
        <p className="text-xs text-slate-400" data-testid="bench-overlap-note">
          Intervals overlap:{' '}
          {overlaps
            .slice(0, 3)
            .map(([a, b]) => `${a.model} ${a.method} (${pct(a.acc ?? 0)}) and ${b.model} ${b.method} (${pct(b.acc ?? 0)}) on ${a.task}`)
            .join('; ')}
          {overlaps.length > 3 ? ` and ${overlaps.length - 3} more` : ''} may not differ with this many trials.
        </p>
      )}
    </div>
  );
}
