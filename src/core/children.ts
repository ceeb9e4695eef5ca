import type { UsageTotals } from './events';
import type { ContextMeta, ReplFactory, Repl, Usage } from './types';
import type { EngineSettings } from './settings';
import { TreeBudget } from './budget';
import { SubcallCache } from './subcall-cache';
import { ModelWindows } from './window';
import { addCost, type CostSum } from './cost';

/**
 * What the runs of one tree share (the root run makes it, children get the same object), and
 * the pieces of starting a child run that do not need the engine itself.
 *
 * How a child gets its REPL is the injected `ReplFactory`'s choice (a namespace in the same
 * interpreter, or a warmed worker): the engine only needs a Repl it can dispose of.
 */
export interface RunTree {
  budget: TreeBudget;
  cache: SubcallCache | null;
  windows: ModelWindows;
  /** The user's Stop, to tell it apart from the wall-time abort that shares the same path. */
  userSignal?: AbortSignal;
}

export function newTree(s: Required<EngineSettings>, now: () => number, userSignal?: AbortSignal): RunTree {
  return { budget: new TreeBudget(s, now), cache: s.subcallCache ? new SubcallCache() : null, windows: new ModelWindows(userSignal), userSignal };
}

/**
 * A child has no question apart from its prompt, which is its `context` (as in the official
 * package, where the child's first message only describes the context).
 */
export const CHILD_QUESTION =
  'the task written in `context` (it is the whole prompt you were given; read it in the REPL and do what it asks)';

// The sandbox's context preview is 500 characters each end; a child's context gets the same.
const PREVIEW = 500;

/** What the child's first message says about its context: a str holding the prompt. */
export function textContext(text: string): ContextMeta {
  return {
    name: 'rlm_query prompt',
    pyType: 'str',
    totalChars: text.length,
    lines: text ? text.split('\n').length : 0,
    bytes: new TextEncoder().encode(text).length,
    head: text.slice(0, PREVIEW),
    tail: text.length > PREVIEW ? text.slice(-PREVIEW) : '',
    warnings: [],
  };
}

/** Runs `run` on a fresh child REPL, which is disposed of however the run ends. */
export async function withChildRepl<T>(
  spawn: ReplFactory,
  prompt: string,
  signal: AbortSignal,
  run: (repl: Repl, context: ContextMeta) => Promise<T>,
): Promise<T> {
  const repl = await spawn({ context: prompt, signal });
  try {
    return await run(repl, textContext(prompt));
  } finally {
    // A REPL that fails to shut down must not turn a finished child into a failed one.
    await repl.dispose().catch(() => undefined);
  }
}

/** A child run's whole usage as one sub-call's: what the parent's trajectory records for the call. */
export function childCallUsage(child: UsageTotals): { usage: Usage; cost: number | null; calls: number; costSum: CostSum } {
  const { root, sub } = child;
  const usage = {
    inputTokens: root.inputTokens + sub.inputTokens,
    outputTokens: root.outputTokens + sub.outputTokens,
    estimated: root.estimated || sub.estimated,
  };
  const costSum = { usd: root.cost.usd + sub.cost.usd, complete: root.cost.complete && sub.cost.complete };
  // An incomplete sum is only a lower bound: the event's number|null cannot say so, so it says unknown.
  return { usage, cost: costSum.complete ? costSum.usd : null, calls: root.calls + sub.calls, costSum };
}

/** Adds a child run's totals to its parent's sub-call bucket: the parent's usage covers its children. */
export function addChildTotals(into: UsageTotals, child: UsageTotals): void {
  const c = childCallUsage(child);
  const t = into.sub;
  into.sub = {
    inputTokens: t.inputTokens + c.usage.inputTokens,
    outputTokens: t.outputTokens + c.usage.outputTokens,
    estimated: t.estimated || c.usage.estimated,
    calls: t.calls + c.calls,
    cost: c.costSum.complete ? addCost(t.cost, c.costSum.usd) : { usd: t.cost.usd + c.costSum.usd, complete: false },
  };
}
