import type { IterationView, Trajectory } from '../../core/trajectory';
import { runStats } from '../../core/tree';

/** One run's column in the compare view: its totals (from runStats over the whole tree). */
export interface CompareSide {
  question: string;
  status: string;
  answer: string | null;
  models: string;
  iterations: number;
  blocks: number;
  subcalls: number;
  tokensIn: number;
  tokensOut: number;
  cost: number | null;
  costIsLowerBound: boolean;
  wallMs: number;
}

/** What a row shows of one iteration: enough to see where two runs went different ways. */
export interface IterationHead {
  iteration: number;
  code: string;
  output: string;
  blocks: number;
  subcalls: number;
  final: boolean;
}

export interface CompareRow {
  n: number;
  a: IterationHead | null;
  b: IterationHead | null;
}

const HEAD = 80;

function head(text: string | undefined): string {
  const line = (text ?? '').split('\n').find((l) => l.trim()) ?? '';
  return line.length > HEAD ? `${line.slice(0, HEAD - 1)}…` : line.trim();
}

export function compareSide(t: Trajectory): CompareSide {
  const s = runStats(t);
  const models = [...new Set([t.settings.rootModel, t.settings.subModel].filter(Boolean))].join(' / ');
  return {
    question: t.question,
    status: t.status,
    answer: t.final?.answer ?? null,
    models,
    iterations: s.iterations,
    blocks: s.blocks,
    subcalls: s.subcalls,
    tokensIn: s.tokensIn,
    tokensOut: s.tokensOut,
    cost: s.cost,
    costIsLowerBound: s.costIsLowerBound,
    wallMs: s.wallMs,
  };
}

export function iterationHead(it: IterationView, finalIteration: number | undefined): IterationHead {
  const first = it.blocks[0];
  const failed = it.blocks.find((b) => b.ok === false);
  return {
    iteration: it.iteration,
    code: first ? head(first.code) : head(it.content),
    // An error says more than the output before it.
    output: head(failed?.stderr || first?.stdout || first?.stderr),
    blocks: it.blocks.length,
    subcalls: it.blocks.reduce((n, b) => n + b.subcalls.length, 0),
    final: it.iteration === finalIteration,
  };
}

/** The root runs' iterations side by side: row n holds iteration n of each (all turns, in order). */
export function compareRows(a: Trajectory, b: Trajectory): CompareRow[] {
  const n = Math.max(a.iterations.length, b.iterations.length);
  const at = (t: Trajectory, i: number) => (t.iterations[i] ? iterationHead(t.iterations[i], t.final?.iteration) : null);
  return Array.from({ length: n }, (_, i) => ({ n: i + 1, a: at(a, i), b: at(b, i) }));
}
