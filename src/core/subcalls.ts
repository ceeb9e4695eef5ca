import type { EventBody, StopReason, UsageTotals } from './events';
import type { ChatOptions, ChatProvider, Repl, SubcallKind, SubcallRequest, Usage } from './types';
import type { EngineSettings } from './settings';
import type { RunTree } from './children';
import type { CachedAnswer } from './subcall-cache';
import { addChildTotals, childCallUsage } from './children';
import { collectChat } from './call';
import { errorMessage } from './error-message';
import { Semaphore } from './semaphore';
import { NO_SUBCALLS_MESSAGE } from './recursion-prompt';

/**
 * Serves the sub-calls of one run's code: `llm_query*` as one model call, `rlm_query*` as a
 * child run when the depth allows (else as a model call, as the official). In order: the cache,
 * the window check, the sub-call budget, then the call. Every refusal is an "Error: …" string
 * the code can read; only a stop rejects.
 */
export interface ChildOutcome {
  status: 'done' | 'stopped' | 'error';
  reason: StopReason;
  answer: string | null;
  usage: UsageTotals;
  error?: string;
  /** What ended a child that a budget cut short (RunOutcome.why). */
  why?: string;
}

/**
 * A child that a budget cut short did not answer: as the official `_subcall` (whose child raises on these
 * limits), the calling code gets an "Error: …" string, not the child's partial answer. Running out of
 * iterations is not one of them: the official child then answers with its forced default answer.
 */
const CHILD_FAILS: ReadonlySet<StopReason> = new Set<StopReason>(['errors', 'subcalls', 'tokens', 'cost', 'wall-time']);

/** Why a child's result is an error for its caller, or null when it answered. */
function childFailure(out: ChildOutcome): string | null {
  if (out.status === 'error') return `child RLM failed: ${out.error ?? 'unknown error'}`;
  if (CHILD_FAILS.has(out.reason)) return `child RLM stopped before answering: ${out.why ?? out.reason}`;
  return null;
}

/** What the router needs from its run. */
export interface SubcallHost {
  readonly tree: RunTree;
  readonly settings: Required<EngineSettings>;
  readonly repl: Pick<Repl, 'maxChildren'>;
  readonly sub: ChatProvider;
  readonly subModel: string;
  readonly rootModel: string;
  readonly signal: AbortSignal;
  readonly totals: UsageTotals;
  /** RunInput.noSubcalls: every call is refused with a readable error. */
  readonly noSubcalls?: boolean;
  now(): number;
  newId(): string;
  emit(body: EventBody): void;
  chatOptions(model: string, signal: AbortSignal): ChatOptions;
  /** Records one model call's usage (run totals and tree budget) and returns its cost. */
  account(who: 'sub', model: string, usage: Usage, iteration: number): number | null;
  canRecurse(): boolean;
  runChild(prompt: string, model: string, callId: string, signal: AbortSignal): Promise<ChildOutcome>;
}

interface Call {
  id: string;
  iteration: number;
  t0: number;
  kind: SubcallKind;
  model: string;
  prompt: string;
  signal: AbortSignal;
}

const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, estimated: false };

export class SubcallRouter {
  private readonly llm: Semaphore;
  private readonly children: Semaphore;

  constructor(private readonly h: SubcallHost) {
    this.llm = new Semaphore(Math.max(1, h.settings.subcallConcurrency));
    // A REPL may host fewer children at once than the settings ask for (the sandbox's SAB bridge: one).
    this.children = new Semaphore(Math.max(1, Math.min(h.settings.childConcurrency, h.repl.maxChildren ?? Infinity)));
  }

  async serve(iteration: number, block: number, req: SubcallRequest, signal: AbortSignal): Promise<string> {
    const h = this.h;
    const kind: SubcallKind = req.kind === 'rlm' && h.canRecurse() ? 'rlm' : 'llm';
    // A child is an RLM: it runs on the root's model unless the code names one.
    const model = req.model || (kind === 'rlm' ? h.rootModel : h.subModel);
    const id = h.newId();
    const t0 = h.now();
    h.emit({ type: 'subcall-started', id, iteration, block, at: t0, prompt: req.prompt, model, kind, ...(req.batched ? { batched: true as const } : {}) });
    const both = AbortSignal.any([signal, h.signal]);
    const call: Call = { id, iteration, t0, kind, model, prompt: req.prompt, signal: both };
    const cache = h.tree.cache;
    const key = cache?.key(kind, model, req.prompt, h.settings);
    const hit = key ? await cache!.get(key) : undefined;
    if (hit) return this.fromCache(call, hit);
    const settle = key ? cache!.claim(key) : () => undefined;
    let answer: CachedAnswer | null = null;
    try {
      const refusal = await this.refusal(call);
      if (refusal) return this.fail(call, refusal);
      answer = kind === 'rlm' ? await this.children.run(() => this.child(call)) : await this.llm.run(() => this.model(call));
      return answer ? answer.response : this.lastError(call);
    } finally {
      settle(answer);
    }
  }

  private async refusal(c: Call): Promise<string | null> {
    if (this.h.noSubcalls) return NO_SUBCALLS_MESSAGE;
    if (c.kind === 'llm') {
      const tooBig = await this.h.tree.windows.check(this.h.sub, c.model, c.prompt, this.h.settings.numCtx);
      if (tooBig) return tooBig;
    }
    return this.h.tree.budget.takeSubcall();
  }

  private fromCache(c: Call, hit: CachedAnswer): string {
    const at = this.h.now();
    const savedTokens = hit.usage.inputTokens + hit.usage.outputTokens;
    this.h.emit({ type: 'subcall-finished', id: c.id, at, response: hit.response, usage: NO_USAGE, cost: 0, durationMs: at - c.t0, cached: true, savedTokens });
    return hit.response;
  }

  private readonly errors = new Map<string, string>();

  private fail(c: Call, error: string): string {
    const at = this.h.now();
    this.h.emit({ type: 'subcall-finished', id: c.id, at, response: '', usage: NO_USAGE, cost: 0, durationMs: at - c.t0, error });
    return `Error: ${error}`;
  }

  private lastError(c: Call): string {
    const e = this.errors.get(c.id) ?? 'failed';
    this.errors.delete(c.id);
    return `Error: ${e}`;
  }

  /** One model call; null (after recording the error for `lastError`) when it failed. */
  private async model(c: Call): Promise<CachedAnswer | null> {
    const h = this.h;
    try {
      const r = await collectChat(h.sub, [{ role: 'user', content: c.prompt }], h.chatOptions(c.model, c.signal));
      const cost = h.account('sub', c.model, r.usage, c.iteration);
      const at = h.now();
      h.emit({ type: 'subcall-finished', id: c.id, at, response: r.content, usage: r.usage, cost, durationMs: at - c.t0 });
      return { response: r.content, usage: r.usage };
    } catch (e) {
      return this.failed(c, e);
    }
  }

  /** A child run; its whole usage is recorded as this call's (the trajectory's rollups rely on it). */
  private async child(c: Call): Promise<CachedAnswer | null> {
    const h = this.h;
    let out: ChildOutcome;
    try {
      out = await h.runChild(c.prompt, c.model, c.id, c.signal);
    } catch (e) {
      return this.failed(c, e);
    }
    addChildTotals(h.totals, out.usage); // spent even when the child was cut short
    // The child's own record keeps its partial answer and stop reason; the call records why it gave none.
    const error = childFailure(out);
    if (out.status === 'stopped' || (c.signal.aborted && !error)) return this.failed(c, new Error('cancelled'));
    const { usage, cost } = childCallUsage(out.usage);
    const at = h.now();
    h.emit({ type: 'subcall-finished', id: c.id, at, response: error ? '' : (out.answer ?? ''), usage, cost, durationMs: at - c.t0, ...(error ? { error } : {}) });
    if (c.signal.aborted) throw new Error('cancelled'); // a wall-time stop interrupts the calling block too
    if (!error) return { response: out.answer ?? '', usage };
    this.errors.set(c.id, error);
    return null;
  }

  private failed(c: Call, e: unknown): null {
    const error = c.signal.aborted ? 'cancelled' : errorMessage(e);
    const at = this.h.now();
    this.h.emit({ type: 'subcall-finished', id: c.id, at, response: '', usage: NO_USAGE, cost: 0, durationMs: at - c.t0, error });
    if (c.signal.aborted) throw e instanceof Error ? e : new Error(String(e));
    this.errors.set(c.id, error);
    return null;
  }
}
