import type { Trajectory } from '../../core/trajectory';
import { callTree, type CallNode, type Totals } from '../../core/tree';
import { sum } from '../../core/rollup';

/**
 * The call tree as the tree panel shows it: `callTree` plus a turn header above each
 * session turn's iterations, and the run id and iteration number an iteration row
 * selects. Flattened to the visible rows for a virtual list.
 */
export interface ViewNode extends Totals {
  /** Unique in the tree (the CallNode id, or `<run>/t<turn>` for a turn header). */
  key: string;
  kind: CallNode['kind'] | 'turn';
  /** Run depth: 0 for the root run and its parts, 1 for a child run's… (not the nesting level). */
  depth: number;
  label: string;
  ms: number;
  status?: string;
  /** The run this node belongs to (a sub-call: the run whose code made it). */
  runId: string;
  /** Iteration rows: the number onSelect receives. */
  iteration?: number;
  children: ViewNode[];
}

// An unchanged iteration keeps its CallNode identity (tree.ts), so its rows are reused while a run streams.
const memo = new WeakMap<CallNode, ViewNode>();

function fromCall(t: Trajectory, n: CallNode, runId: string, iteration?: number): ViewNode {
  const hit = memo.get(n);
  if (hit && hit.runId === runId) return hit;
  const v: ViewNode = n.kind === 'run' ? runView(t, n) : { ...base(n, runId), iteration, children: n.children.map((c) => fromCall(t, c, runId)) };
  memo.set(n, v);
  return v;
}

function base(n: CallNode, runId: string): Omit<ViewNode, 'children'> {
  const { id, kind, depth, label, ms, status, tokensIn, tokensOut, cost, costIsLowerBound } = n;
  return { key: id, kind, depth, label, ms, status, runId, tokensIn, tokensOut, cost, costIsLowerBound };
}

function runView(t: Trajectory, n: CallNode): ViewNode {
  const run = t.runs[n.id];
  // callTree lists a run's iterations turn by turn, in the same order as here.
  const its = run ? run.turns.flatMap((tn) => tn.iterations) : [];
  const iterations = n.children.map((c, i) => fromCall(t, c, n.id, its[i]?.iteration));
  if (!run || run.turns.length < 2) return { ...base(n, n.id), children: iterations };
  const turns = run.turns.map((tn): ViewNode => {
    const children = iterations.filter((_c, i) => its[i]?.turn === tn.turn);
    return {
      key: `${n.id}/t${tn.turn}`,
      kind: 'turn',
      depth: n.depth,
      label: `Turn ${tn.turn + 1}: ${tn.question.replace(/\s+/g, ' ').trim()}`,
      ms: children.reduce((s, c) => s + c.ms, 0),
      status: tn.status,
      runId: n.id,
      ...sum(children),
      children,
    };
  });
  return { ...base(n, n.id), children: turns };
}

export function viewTree(t: Trajectory): ViewNode | null {
  const root = callTree(t);
  return root ? fromCall(t, root, root.id) : null;
}

export interface Row {
  node: ViewNode;
  /** Nesting level in the tree, 1 at the top (aria-level). */
  level: number;
  /** Index of the parent row, -1 at the top. */
  parent: number;
  expanded: boolean;
  /** Position among its siblings, 1-based (aria-posinset / aria-setsize). */
  pos: number;
  siblings: number;
}

/** The rows a reader can see: children of a collapsed node are left out. */
export function flatten(root: ViewNode, collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const visit = (node: ViewNode, level: number, parent: number, pos: number, siblings: number) => {
    const expanded = node.children.length > 0 && !collapsed.has(node.key);
    const index = rows.push({ node, level, parent, expanded, pos, siblings }) - 1;
    if (expanded) node.children.forEach((c, i) => visit(c, level + 1, index, i + 1, node.children.length));
  };
  visit(root, 1, -1, 1, 1);
  return rows;
}

/** Keys of every node that has children: "collapse all". */
export function branchKeys(root: ViewNode): string[] {
  const out: string[] = [];
  const visit = (n: ViewNode) => {
    if (!n.children.length) return;
    out.push(n.key);
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}

export type TreeMove = { index: number } | { toggle: string };

/** The WAI-ARIA tree keys: ↑/↓ move, → opens or enters, ← closes or goes to the parent, Home/End. */
export function treeKey(rows: readonly Row[], index: number, key: string): TreeMove | null {
  const row = rows[index];
  if (!row) return null;
  const last = rows.length - 1;
  switch (key) {
    case 'ArrowDown':
      return { index: Math.min(last, index + 1) };
    case 'ArrowUp':
      return { index: Math.max(0, index - 1) };
    case 'Home':
      return { index: 0 };
    case 'End':
      return { index: last };
    case 'ArrowRight':
      if (!row.node.children.length) return null;
      return row.expanded ? { index: index + 1 } : { toggle: row.node.key };
    case 'ArrowLeft':
      if (row.expanded) return { toggle: row.node.key };
      return row.parent >= 0 ? { index: row.parent } : null;
    default:
      return null;
  }
}

/** Evenly spaced round times (1, 2 or 5 × 10ⁿ ms) from 0 to `span`, about `count` of them. */
export function timeTicks(span: number, count = 6): number[] {
  if (!(span > 0)) return [0];
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let x = 0; x <= span + step * 1e-9; x += step) out.push(Number(x.toPrecision(12)));
  return out;
}
