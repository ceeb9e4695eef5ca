import type { Usage } from './types';
import type { RunNode, SubcallView, Trajectory } from './trajectory';

/**
 * Sums of tokens and cost over parts of the tree. Unknown stays unknown: a cost is null
 * only when no part had a known price, and a lower bound when some part had none.
 */
export interface Totals {
  tokensIn: number;
  tokensOut: number;
  /** USD; null when no part of it has a known price. */
  cost: number | null;
  /** Some part had no known price, so `cost` is at least this much. */
  costIsLowerBound: boolean;
}

// Nothing yet: no tokens and no known cost (a sum of nothing is not a known 0 USD).
export const ZERO: Totals = { tokensIn: 0, tokensOut: 0, cost: null, costIsLowerBound: false };

/** One call's totals: `cost` undefined (not yet answered) and null (no price) are both unknown. */
export function callTotals(usage: Usage | undefined, cost: number | null | undefined): Totals {
  if (!usage) return ZERO;
  const known = typeof cost === 'number';
  return { tokensIn: usage.inputTokens, tokensOut: usage.outputTokens, cost: known ? cost : null, costIsLowerBound: false };
}

export function add(a: Totals, b: Totals): Totals {
  const cost = a.cost === null ? b.cost : b.cost === null ? a.cost : a.cost + b.cost;
  // A null side that held tokens was a priced-unknown call: the known side is then a lower bound.
  const unknownA = a.cost === null && (a.tokensIn > 0 || a.tokensOut > 0);
  const unknownB = b.cost === null && (b.tokensIn > 0 || b.tokensOut > 0);
  return {
    tokensIn: a.tokensIn + b.tokensIn,
    tokensOut: a.tokensOut + b.tokensOut,
    cost,
    costIsLowerBound: a.costIsLowerBound || b.costIsLowerBound || (cost !== null && (unknownA || unknownB)),
  };
}

export const sum = (parts: Totals[]): Totals => parts.reduce(add, ZERO);

/**
 * A sub-call's totals. One that spawned a child run reports the child's whole cost as its
 * own usage (the official logger does; a live rlm_query does the same), so the child's
 * totals are used only while the call has not answered yet: never both, never twice.
 */
export function subcallTotals(t: Trajectory, s: SubcallView): Totals {
  if (s.usage) return callTotals(s.usage, s.cost);
  const child = s.childRunId ? t.runs[s.childRunId] : undefined;
  return child ? runTotals(t, child) : ZERO;
}

export function runTotals(t: Trajectory, run: RunNode): Totals {
  const parts: Totals[] = [];
  for (const tn of run.turns)
    for (const it of tn.iterations) {
      parts.push(callTotals(it.usage, it.cost));
      for (const b of it.blocks) for (const id of b.subcalls) if (t.subcalls[id]) parts.push(subcallTotals(t, t.subcalls[id]));
    }
  return sum(parts);
}

/** A run's wall time: each finished turn's own, and for a turn still going, up to the latest event. */
export function runWallMs(run: RunNode): number {
  return run.turns.reduce((ms, tn) => ms + (tn.finished?.wallMs ?? Math.max(0, run.lastAt - tn.startedAt)), 0);
}
