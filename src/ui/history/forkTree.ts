import type { RunSummary } from '../../store/types';

export interface TreeRow {
  run: RunSummary;
  /** 0 for a run that is no fork (or whose parent is not listed), parent's + 1 for a fork. */
  depth: number;
}

/**
 * History as a small tree of attempts: each fork right under its parent (oldest fork first),
 * the rest in the list's own order. A fork whose parent is filtered out or deleted stands alone.
 */
export function forkTree(runs: RunSummary[]): TreeRow[] {
  const ids = new Set(runs.map((r) => r.runId));
  const children = new Map<string, RunSummary[]>();
  for (const r of runs) {
    const p = r.forkOf?.runId;
    if (p && ids.has(p) && p !== r.runId) children.set(p, [...(children.get(p) ?? []), r]);
  }
  const out: TreeRow[] = [];
  const seen = new Set<string>();
  const visit = (run: RunSummary, depth: number) => {
    if (seen.has(run.runId)) return;
    seen.add(run.runId);
    out.push({ run, depth });
    for (const c of [...(children.get(run.runId) ?? [])].sort((a, b) => a.startedAt - b.startedAt)) visit(c, depth + 1);
  };
  for (const r of runs) if (!(r.forkOf && ids.has(r.forkOf.runId) && r.forkOf.runId !== r.runId)) visit(r, 0);
  return out;
}
