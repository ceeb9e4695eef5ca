import type { Trajectory } from '../../core/trajectory';
import { formatCost, formatInt, formatMs } from '../kit/format';
import { compareRows, compareSide, type CompareSide, type IterationHead } from './compareRows';

const LABELS = ['A', 'B'] as const;

/** How one run of the pair relates to the other, when one is a fork of the other. */
function kinship(x: Trajectory, y: Trajectory, other: string): string | null {
  if (x.forkOf?.runId === y.runId) return `fork of ${other} from iteration ${x.forkOf.iteration}`;
  if (y.forkOf?.runId === x.runId) return 'parent';
  return null;
}

function Totals({ side, label, note }: { side: CompareSide; label: string; note: string | null }) {
  const rows: [string, string][] = [
    ['Status', side.status],
    ['Models', side.models],
    ['Iterations', formatInt(side.iterations)],
    ['Code blocks', formatInt(side.blocks)],
    ['Sub-calls', formatInt(side.subcalls)],
    ['Tokens', `${formatInt(side.tokensIn)} in / ${formatInt(side.tokensOut)} out`],
    ['Cost', formatCost(side.cost, !side.costIsLowerBound)],
    ['Wall time', formatMs(side.wallMs)],
  ];
  return (
    <section aria-label={`Run ${label}`} data-testid="compare-side" data-iterations={side.iterations} className="min-w-0 space-y-2 rounded border border-slate-800 p-3">
      <h3 className="text-sm font-medium text-slate-100">
        <span className="mr-1 rounded bg-slate-700 px-1.5 text-xs">{label}</span>
        {note && (
          <span data-testid="compare-kinship" className="mr-1 rounded bg-sky-900 px-1.5 text-xs text-sky-200">
            {note}
          </span>
        )}
        {side.question}
      </h3>
      <div>
        <p className="text-xs text-slate-400">Answer</p>
        <p data-testid="compare-answer" className="whitespace-pre-wrap break-words text-sm text-emerald-100">
          {side.answer ?? '(no answer)'}
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-400">{k}</dt>
            <dd className="text-slate-200">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Cell({ it }: { it: IterationHead | null }) {
  if (!it) return <td className="px-2 py-1 align-top text-slate-500">—</td>;
  return (
    <td className="min-w-0 px-2 py-1 align-top">
      <code className="block truncate font-mono text-slate-200" title={it.code}>
        {it.code || '(no code)'}
      </code>
      <span className="block truncate font-mono text-slate-400" title={it.output}>
        {it.output ? `→ ${it.output}` : '→ (no output)'}
      </span>
      <span className="text-slate-400">
        {it.blocks} block{it.blocks === 1 ? '' : 's'} · {it.subcalls} sub-call{it.subcalls === 1 ? '' : 's'}
        {it.final && <span className="ml-1 text-emerald-300">FINAL</span>}
      </span>
    </td>
  );
}

/** Two runs side by side: totals, answers, then iteration n of A beside iteration n of B. */
export function CompareView({ a, b }: { a: Trajectory; b: Trajectory }) {
  const sides = [compareSide(a), compareSide(b)];
  const rows = compareRows(a, b);
  return (
    <div data-testid="compare-view" className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        {sides.map((s, i) => (
          <Totals key={LABELS[i]} side={s} label={LABELS[i]} note={i === 0 ? kinship(a, b, 'B') : kinship(b, a, 'A')} />
        ))}
      </div>
      <table className="w-full table-fixed border-collapse text-xs">
        <caption className="mb-1 text-left text-xs text-slate-400">Iterations, aligned by number</caption>
        <thead>
          <tr className="border-b border-slate-800 text-left text-slate-300">
            <th scope="col" className="w-10 px-2 py-1">#</th>
            <th scope="col" className="px-2 py-1">Run A</th>
            <th scope="col" className="px-2 py-1">Run B</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.n} data-testid="compare-row" data-iteration={r.n} className="border-b border-slate-900">
              <th scope="row" className="px-2 py-1 align-top text-slate-400">{r.n}</th>
              <Cell it={r.a} />
              <Cell it={r.b} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
