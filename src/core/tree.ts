/**
 * Derived views of a trajectory's tree of calls, for the run view. All are pure functions
 * of a `Trajectory` (from trajectory.ts); none changes it.
 *
 * API
 * - `runStats(t, runId = t.rootRunId)` → RunStats: iterations, blocks, subcalls (the run and
 *   every child run under it), `own` (the same three for the run alone), tokensIn/tokensOut,
 *   cost (USD | null) + costIsLowerBound, wallMs, errors, maxDepth, completions (turns), finals
 *   (each turn's answer or null). Memoised per trajectory object.
 * - `callTree(t, runId = t.rootRunId)` → CallNode: kind run | iteration | block | subcall,
 *   depth, label, tokensIn/tokensOut, cost, costIsLowerBound, ms, children. A sub-call that
 *   recursed has its child run as its only child. Iteration nodes carry `turn` and keep
 *   their identity while nothing under them changed (React.memo-friendly).
 * - `swimlane(t)` (swimlane.ts) → { bars: {id, lane, start, end, depth, label, status}[],
 *   lanes, start, end }: every sub-call of the tree over time; overlapping calls get
 *   different lanes (20 concurrent calls → 20 lanes).
 * - `conversationAt(t, runId, iteration, turn?)` (conversation.ts) → { messages, complete }:
 *   the messages the root model was sent for that call (system prompt, first message, each
 *   response and feedback message); `complete` is false for runs saved before prompts were
 *   stored, where only the responses are known.
 * Tokens and cost of a sub-call that spawned a child run are the call's own (it reports
 * the child's whole cost), so rollups never count the child twice (see rollup.ts).
 */
import type { IterationView, RunNode, SubcallView, Trajectory } from './trajectory';
import { add, callTotals, runTotals, runWallMs, subcallTotals, sum, type Totals } from './rollup';

export { swimlane, type Swimlane, type SwimlaneBar } from './swimlane';
export { conversationAt, type Conversation } from './conversation';
export type { Totals } from './rollup';

export interface Counts {
  iterations: number;
  blocks: number;
  subcalls: number;
}

export interface RunStats extends Counts, Totals {
  /** This run alone, child runs left out. */
  own: Counts;
  wallMs: number;
  /** Failed blocks, failed sub-calls and turns that ended in an error, in the whole subtree. */
  errors: number;
  /** Deepest run in the subtree (0: no child runs under the root). */
  maxDepth: number;
  /** Turns of this run: questions answered (or asked) on one REPL. */
  completions: number;
  finals: (string | null)[];
}

function* iterationsOf(run: RunNode): Generator<IterationView> {
  for (const tn of run.turns) yield* tn.iterations;
}

function childRuns(t: Trajectory, run: RunNode): RunNode[] {
  const out: RunNode[] = [];
  for (const it of iterationsOf(run))
    for (const b of it.blocks)
      for (const id of b.subcalls) {
        const child = t.subcalls[id]?.childRunId;
        if (child && t.runs[child]) out.push(t.runs[child]);
      }
  return out;
}

function ownCounts(run: RunNode): Counts & { errors: number } {
  const c = { iterations: 0, blocks: 0, subcalls: 0, errors: run.turns.filter((tn) => tn.error).length };
  for (const it of iterationsOf(run)) {
    c.iterations++;
    c.blocks += it.blocks.length;
    for (const b of it.blocks) {
      c.subcalls += b.subcalls.length;
      if (b.ok === false) c.errors++;
    }
  }
  return c;
}

function subcallErrors(t: Trajectory, runIds: Set<string>): number {
  return Object.values(t.subcalls).filter((s) => s.status === 'error' && runIds.has(s.runId)).length;
}

const statsMemo = new WeakMap<Trajectory, Map<string, RunStats>>();

export function runStats(t: Trajectory, runId = t.rootRunId): RunStats {
  const memo = statsMemo.get(t) ?? new Map<string, RunStats>();
  statsMemo.set(t, memo);
  const hit = memo.get(runId);
  if (hit) return hit;
  const run = t.runs[runId];
  const stats = run ? computeStats(t, run) : emptyStats();
  memo.set(runId, stats);
  return stats;
}

function computeStats(t: Trajectory, run: RunNode): RunStats {
  const own = ownCounts(run);
  const total = { iterations: 0, blocks: 0, subcalls: 0, errors: 0, maxDepth: run.depth };
  const seen = new Set<string>();
  const visit = (r: RunNode) => {
    if (seen.has(r.runId)) return; // a malformed file could name a run as its own descendant
    seen.add(r.runId);
    const c = ownCounts(r);
    total.iterations += c.iterations;
    total.blocks += c.blocks;
    total.subcalls += c.subcalls;
    total.errors += c.errors;
    total.maxDepth = Math.max(total.maxDepth, r.depth);
    childRuns(t, r).forEach(visit);
  };
  visit(run);
  const { maxDepth, errors, ...counts } = total;
  return {
    ...counts,
    ...runTotals(t, run),
    own: { iterations: own.iterations, blocks: own.blocks, subcalls: own.subcalls },
    wallMs: runWallMs(run),
    errors: errors + subcallErrors(t, seen),
    maxDepth,
    completions: run.turns.length,
    finals: run.turns.map((tn) => tn.final?.answer ?? null),
  };
}

function emptyStats(): RunStats {
  const zero = { iterations: 0, blocks: 0, subcalls: 0 };
  return { ...zero, ...sum([]), own: zero, wallMs: 0, errors: 0, maxDepth: 0, completions: 0, finals: [] };
}

export interface CallNode extends Totals {
  /** Unique in the tree: run id, `<run>/t<turn>/i<n>`, `…/b<n>`, or the sub-call id. */
  id: string;
  kind: 'run' | 'iteration' | 'block' | 'subcall';
  depth: number;
  label: string;
  ms: number;
  /** Iterations only: the session turn they belong to. */
  turn?: number;
  status?: string;
  children: CallNode[];
}

const short = (text: string, max = 80) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function subcallNode(t: Trajectory, s: SubcallView, seen: Set<string>): CallNode {
  const child = s.childRunId && t.runs[s.childRunId] && !seen.has(s.childRunId) ? [runNode(t, t.runs[s.childRunId], seen)] : [];
  const ms = s.durationMs ?? (child[0]?.ms ?? 0);
  return { id: s.id, kind: 'subcall', depth: s.depth, label: short(s.prompt), ms, status: s.status, ...subcallTotals(t, s), children: child };
}

interface IterationMemo {
  node: CallNode;
  deps: unknown[];
}
const iterationMemo = new WeakMap<IterationView, IterationMemo>();

/** What an iteration node is built from besides the iteration itself: its sub-calls and their child runs. */
function iterationDeps(t: Trajectory, it: IterationView, multiTurn: boolean): unknown[] {
  const deps: unknown[] = [multiTurn];
  for (const b of it.blocks)
    for (const id of b.subcalls) {
      const s = t.subcalls[id];
      deps.push(s, s?.childRunId ? t.runs[s.childRunId] : undefined);
    }
  return deps;
}

function iterationNode(t: Trajectory, run: RunNode, it: IterationView, multiTurn: boolean, seen: Set<string>): CallNode {
  const deps = iterationDeps(t, it, multiTurn);
  const hit = iterationMemo.get(it);
  if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.node;
  const base = `${run.runId}/t${it.turn}/i${it.iteration}`;
  const blocks: CallNode[] = it.blocks.map((b) => {
    const calls = b.subcalls.flatMap((id) => (t.subcalls[id] ? [subcallNode(t, t.subcalls[id], seen)] : []));
    const label = `Block ${b.block}: ${short(b.code, 60)}`;
    return { id: `${base}/b${b.block}`, kind: 'block', depth: run.depth, label, ms: b.durationMs ?? 0, status: b.ok === false ? 'error' : b.status, ...sum(calls), children: calls };
  });
  const label = `${multiTurn ? `Turn ${it.turn + 1} · ` : ''}Iteration ${it.iteration}${it.forced ? ' (forced answer)' : ''}`;
  const ms = (it.durationMs ?? 0) + blocks.reduce((n, b) => n + b.ms, 0);
  const totals = add(callTotals(it.usage, it.cost), sum(blocks));
  const node: CallNode = { id: base, kind: 'iteration', depth: run.depth, label, ms, turn: it.turn, ...totals, children: blocks };
  iterationMemo.set(it, { node, deps });
  return node;
}

function runNode(t: Trajectory, run: RunNode, seen: Set<string>): CallNode {
  seen.add(run.runId);
  const multiTurn = run.turns.length > 1;
  const children = [...iterationsOf(run)].map((it) => iterationNode(t, run, it, multiTurn, seen));
  const last = run.turns[run.turns.length - 1];
  const label = short(run.turns[0]?.question ?? run.runId);
  return { id: run.runId, kind: 'run', depth: run.depth, label, ms: runWallMs(run), status: last?.status, ...runTotals(t, run), children };
}

export function callTree(t: Trajectory, runId = t.rootRunId): CallNode | null {
  const run = t.runs[runId];
  return run ? runNode(t, run, new Set()) : null;
}
