import type { StopReason } from './events';
import type { EngineSettings } from './settings';
import type { Usage } from './types';

/**
 * The budgets shared by a whole run tree: one object, made by the root run and handed to every
 * child, so a child spends from what its parent has left. maxIterations and maxErrors are per
 * run and live in the engine; these four are totals.
 */
export type TreeBudgetReason = 'subcalls' | 'tokens' | 'cost' | 'wall-time';

/** Budgets that forbid another model call once tripped: the partial answer is then the last prose. */
export const NO_MORE_CALLS: ReadonlySet<StopReason> = new Set<StopReason>(['tokens', 'cost', 'wall-time']);

interface Limits {
  subcalls: number | null;
  tokens: number | null;
  costUsd: number | null;
  wallMs: number | null;
}

const positiveOrNull = (n: number | null | undefined) => (n === null || n === undefined || !(n > 0) ? null : n);
const nonNegativeOrNull = (n: number | null | undefined) => (n === null || n === undefined || !(n >= 0) ? null : n);

const fmt = (n: number) => n.toLocaleString('en-US');

export class TreeBudget {
  readonly limits: Limits;
  subcalls = 0;
  tokens = 0;
  costUsd = 0;
  tripped: TreeBudgetReason | null = null;
  private readonly wall = new AbortController();
  /** Aborts when the wall time runs out: every run of the tree listens, so a long block is interrupted. */
  readonly signal = this.wall.signal;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = 0;
  /** Step mode: how many runs of the tree wait for the user now, since when, and how long all waits took. */
  private holds = 0;
  private heldSince = 0;
  private heldMs = 0;
  private disposed = false;
  private readonly unpriced = new Set<string>();

  constructor(
    s: Required<EngineSettings>,
    private readonly now: () => number,
  ) {
    this.limits = {
      subcalls: nonNegativeOrNull(s.maxSubcalls),
      tokens: positiveOrNull(s.maxTokens),
      costUsd: nonNegativeOrNull(s.maxCostUsd),
      wallMs: positiveOrNull(s.maxWallMs),
    };
  }

  /** Starts the wall clock; a real timer, because a block that never returns must still be cut. */
  start(): void {
    this.started = this.now();
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  /** Wall time the tree has used, not counting the time it waited for the user (step mode). */
  elapsed(): number {
    const held = this.heldMs + (this.holds ? this.now() - this.heldSince : 0);
    return this.now() - this.started - held;
  }

  /**
   * Stops the wall clock while the user decides on a paused block; returns the resume (safe to call twice).
   * Paused runs of one tree (parallel children) overlap: the clock runs again when the last one resumes.
   */
  hold(): () => void {
    if (this.holds++ === 0) {
      this.heldSince = this.now();
      this.clearTimer();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      this.heldMs += this.now() - this.heldSince;
      this.arm();
    };
  }

  private arm(): void {
    const max = this.limits.wallMs;
    if (max === null || this.disposed || this.tripped) return;
    this.timer = setTimeout(() => this.trip('wall-time'), Math.max(0, max - this.elapsed()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  trip(reason: TreeBudgetReason): void {
    if (this.tripped) return;
    this.tripped = reason;
    if (reason === 'wall-time') this.wall.abort(new Error('wall-time budget exhausted'));
  }

  /** Between iterations: the timer may not have fired yet on a busy thread, so the clock is read too. */
  checkWall(): void {
    if (this.limits.wallMs !== null && this.elapsed() >= this.limits.wallMs) this.trip('wall-time');
  }

  /**
   * Counts one call's tokens and cost. Returns a message when the cost limit is set but this model's
   * price is unknown (once per model): such calls cannot be counted and never trip it.
   */
  spend(model: string, usage: Usage, cost: number | null): string | null {
    this.tokens += usage.inputTokens + usage.outputTokens;
    let warning: string | null = null;
    if (cost === null) {
      if (this.limits.costUsd !== null && !this.unpriced.has(model)) {
        this.unpriced.add(model);
        warning = `The price of ${model} is unknown, so its calls are not counted toward the cost limit (${usd(this.limits.costUsd)}).`;
      }
    } else this.costUsd += cost;
    if (this.limits.tokens !== null && this.tokens >= this.limits.tokens) this.trip('tokens');
    if (this.limits.costUsd !== null && this.costUsd >= this.limits.costUsd && this.costUsd > 0) this.trip('cost');
    return warning;
  }

  /** Takes one sub-call from the budget, or says why not (the text the code gets after "Error: "). */
  takeSubcall(): string | null {
    if (this.tripped && this.tripped !== 'subcalls') return `${this.describe(this.tripped)}; no more calls`;
    const max = this.limits.subcalls;
    if (max !== null && this.subcalls >= max) {
      this.trip('subcalls');
      return `sub-call budget exhausted (${fmt(this.subcalls)} of ${fmt(max)} used)`;
    }
    this.subcalls++;
    return null;
  }

  describe(reason: TreeBudgetReason): string {
    const l = this.limits;
    switch (reason) {
      case 'subcalls':
        return `sub-call budget exhausted (${fmt(this.subcalls)} of ${fmt(l.subcalls ?? 0)} used)`;
      case 'tokens':
        return `token budget exhausted (${fmt(this.tokens)} of ${fmt(l.tokens ?? 0)} tokens used)`;
      case 'cost':
        return `cost budget exhausted (${usd(this.costUsd)} of ${usd(l.costUsd ?? 0)} spent)`;
      case 'wall-time':
        return `wall-time budget exhausted (${fmt(this.elapsed())} of ${fmt(l.wallMs ?? 0)} ms)`;
    }
  }
}

function usd(n: number): string {
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

/** What the model is told when a budget that still allows one call ends its run. */
export function budgetStopPrompt(why: string): string {
  return `The run must end now: ${why}. Do not write any more code. Based on everything above, give your final answer now, as plain text.`;
}
