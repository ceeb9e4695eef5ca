import { modelName, type SummaryRow } from '../../bench/stats';
import type { BenchModel } from '../../bench/types';
import { formatCost, formatInt, formatMs } from '../kit/format';
import { formatSize } from './eta';

/** One cell of the matrix as the table shows it: its summary, with the model's name and provider. */
export type TableRow = SummaryRow & { model: string; provider: string };

const METHOD_ORDER: Record<string, number> = { rlm: 0, 'rlm-no-sub': 1, vanilla: 2 };

/** Rows with names, in reading order: task (as configured), size, model, method. */
export function tableRows(rows: SummaryRow[], models: BenchModel[], tasks: readonly string[] = []): TableRow[] {
  const taskAt = (t: string) => (tasks.includes(t) ? tasks.indexOf(t) : tasks.length);
  return rows
    .map((r) => ({ ...r, model: modelName(models, r.modelIndex), provider: models[r.modelIndex]?.provider ?? '–' }))
    .sort((a, b) => taskAt(a.task) - taskAt(b.task) || a.task.localeCompare(b.task) || a.size - b.size || a.modelIndex - b.modelIndex || METHOD_ORDER[a.method] - METHOD_ORDER[b.method]);
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Rows of the same task and size whose accuracies differ but whose intervals overlap: the data cannot tell them apart. */
export function overlappingPairs(rows: TableRow[]): [TableRow, TableRow][] {
  const out: [TableRow, TableRow][] = [];
  rows.forEach((a, i) =>
    rows.slice(i + 1).forEach((b) => {
      if (a.task !== b.task || a.size !== b.size || !a.interval || !b.interval || a.acc === b.acc) return;
      if (a.interval.lo <= b.interval.hi && b.interval.lo <= a.interval.hi) out.push([a, b]);
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
                data-iters={r.avgIters ?? undefined}
                className="border-b border-slate-800"
              >
                <td className="px-2 py-1 font-mono">{r.model}</td>
                <td className="px-2 py-1">{r.provider}</td>
                <td className="px-2 py-1">{r.method}</td>
                <td className="px-2 py-1">{r.task}</td>
                <td className={td}>{r.size ? formatSize(r.size) : '–'}</td>
                <td className={td}>
                  {r.acc === null ? '–' : pct(r.acc)}
                  {r.interval && (
                    <span className="text-slate-400">
                      {' '}
                      [{pct(r.interval.lo)}–{pct(r.interval.hi)}]
                    </span>
                  )}
                  <span className="text-slate-400">
                    {' '}
                    ({r.correct}/{r.scored})
                  </span>
                </td>
                <td className={td}>{formatMs(r.avgTimeMs ?? undefined)}</td>
                <td className={td}>{r.avgIters === null ? '–' : r.avgIters.toFixed(1)}</td>
                <td className={td}>
                  {r.tokensIn === null ? '–' : formatInt(Math.round(r.tokensIn))} / {r.tokensOut === null ? '–' : formatInt(Math.round(r.tokensOut))}
                </td>
                <td className={td}>{formatCost(r.costUsd)}</td>
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
