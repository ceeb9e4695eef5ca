/**
 * One benchmark trial: make its case, run it with the method, score it. RLM trials run the SAME engine as
 * the app (runRlm, the sandbox's real REPL); vanilla is one chat call (vanilla.ts). A trial never throws:
 * a provider or sandbox failure is a status 'error' result naming it, so the matrix goes on.
 */
import type { RunEvent } from '../core/events';
import { errorMessage } from '../core/error-message';
import { runRlm, type RunOutcome } from '../core/loop';
import type { ChatProvider, ContextFormat, ContextMeta, Repl, ReplFactory, Usage } from '../core/types';
import type { ContextFile } from '../sandbox/api';
import type { BenchConfig, BenchModel, Score, ScorerName, TaskCase, TrialResult, TrialSpec } from './types';
import { runVanilla } from './vanilla';

/** What a trial needs of a sandbox (a pool member; the store's SandboxPort has the same shape). */
export interface TrialSandbox extends Repl {
  loadContext(files: ContextFile[] | null, opts?: { slot?: number }): Promise<ContextMeta | null>;
  reset(): Promise<void>;
  spawnRepl?: ReplFactory;
}

export interface TrialDeps {
  benchId: string;
  /** The host this trial was given (one of the model's hosts; '' = the provider's configured one). */
  host: string;
  /** Serves the model on that host: the root calls (and the sub-calls, unless `subProvider`). */
  provider: ChatProvider;
  /** The trial's sub-calls, e.g. the least busy of the model's hosts (hostPool.ts). */
  subProvider?: ChatProvider;
  /** A clean sandbox of its own (RLM methods; vanilla runs without one). */
  sandbox: TrialSandbox | null;
  makeCase(spec: TrialSpec, cfg: BenchConfig): TaskCase;
  score(scorer: ScorerName, answer: string | null, expected: string): Score;
  /** USD of one call; null when unknown. */
  price?(model: string, usage: Usage): number | null;
  signal: AbortSignal;
  now(): number;
  newId(): string;
}

/** The numbers a trial reports, read from its events so that a result and its trajectory always agree. */
export function tally(events: RunEvent[]): Pick<TrialResult, 'tokensIn' | 'tokensOut' | 'costUsd' | 'subcalls' | 'iterations'> {
  const end = events.find((e) => e.type === 'run-finished' && e.depth === 0);
  const u = end?.type === 'run-finished' ? end.usage : null;
  const costs = u ? [u.root.cost, u.sub.cost] : [];
  const unknown = costs.some((c) => !c.complete);
  return {
    tokensIn: u ? u.root.inputTokens + u.sub.inputTokens : 0,
    tokensOut: u ? u.root.outputTokens + u.sub.outputTokens : 0,
    costUsd: !u || unknown ? null : costs.reduce((n, c) => n + c.usd, 0),
    subcalls: u ? u.sub.calls : 0,
    iterations: end?.type === 'run-finished' ? end.iterations : 0,
  };
}

export async function runTrial(spec: TrialSpec, cfg: BenchConfig, deps: TrialDeps): Promise<TrialResult> {
  const t0 = deps.now();
  const events: RunEvent[] = [];
  const emit = (e: RunEvent) => e.type !== 'token' && events.push(e);
  const model = cfg.models[spec.modelIndex];
  const base = { benchId: deps.benchId, key: spec.key, spec, host: deps.host, events };
  let kase: TaskCase | null = null;
  try {
    kase = deps.makeCase(spec, cfg);
    const c = kase;
    if (spec.method === 'vanilla') {
      const v = await runVanilla(c, model, cfg, { ...deps, emit });
      if (v.status === 'exceeds-context') return finish(base, c, 'exceeds-context', null, null, deps, t0, v.message);
      return fromOutcome(base, c, v.outcome, deps, t0);
    }
    const outcome = await runRlmTrial(c, model, cfg, spec.method === 'rlm-no-sub', deps, emit);
    return fromOutcome(base, c, outcome, deps, t0);
  } catch (e) {
    if (deps.signal.aborted) return finish(base, kase, 'stopped', null, null, deps, t0);
    return finish(base, kase, 'error', null, null, deps, t0, errorMessage(e));
  }
}

type Base = Pick<TrialResult, 'benchId' | 'key' | 'spec' | 'host' | 'events'>;

function fromOutcome(base: Base, c: TaskCase, out: RunOutcome, deps: TrialDeps, t0: number): TrialResult {
  if (out.status === 'stopped') return finish(base, c, 'stopped', null, null, deps, t0);
  if (out.status === 'error') return finish(base, c, 'error', null, null, deps, t0, out.error ?? 'the run failed');
  return finish(base, c, 'ok', out.answer, deps.score(c.scorer, out.answer, c.expected), deps, t0);
}

function finish(
  base: Base, c: TaskCase | null, status: TrialResult['status'], answer: string | null, score: Score | null,
  deps: TrialDeps, t0: number, error?: string,
): TrialResult {
  const end = deps.now();
  return {
    ...base,
    ...tally(base.events),
    status,
    answer,
    expected: c?.expected ?? '',
    score,
    wallMs: end - t0,
    finishedAt: end,
    ...(error ? { error } : {}),
  };
}

const FORMAT_EXT: Record<ContextFormat, string> = { text: 'txt', json: 'json', jsonl: 'jsonl' };

async function runRlmTrial(
  c: TaskCase, model: BenchModel, cfg: BenchConfig, noSubcalls: boolean, deps: TrialDeps, emit: (e: RunEvent) => void,
): Promise<RunOutcome> {
  const sandbox = deps.sandbox;
  if (!sandbox) throw new Error('no sandbox for an RLM trial');
  const format = c.contextFormat ?? 'text';
  const bytes = new TextEncoder().encode(c.context).buffer as ArrayBuffer;
  // Slot 0 starts a fresh namespace: nothing an earlier trial's code left behind can steer this one.
  const context = await sandbox.loadContext([{ name: `${c.caseId}.${FORMAT_EXT[format]}`, bytes, format }]);
  const spawnRepl = sandbox.spawnRepl?.bind(sandbox);
  return runRlm(
    {
      question: c.question,
      context,
      rootModel: model.model,
      subModel: model.model,
      settings: cfg.engine,
      ...(noSubcalls ? { noSubcalls } : {}),
    },
    {
      root: deps.provider,
      sub: deps.subProvider ?? deps.provider,
      repl: sandbox,
      emit,
      signal: deps.signal,
      now: deps.now,
      newId: deps.newId,
      ...(deps.price ? { price: (_who, m, u) => deps.price!(m, u) } : {}),
      ...(spawnRepl && !noSubcalls ? { spawnRepl } : {}),
    },
  );
}

/** A trial that never got to run (the scheduler's fallback when running it threw). */
export function failedTrial(benchId: string, spec: TrialSpec, host: string, error: string, at: number): TrialResult {
  return {
    benchId, key: spec.key, spec, host, status: 'error', answer: null, expected: '', score: null, iterations: 0, wallMs: 0,
    tokensIn: 0, tokensOut: 0, costUsd: null, subcalls: 0, error, finishedAt: at, events: [],
  };
}
