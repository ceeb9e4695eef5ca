/**
 * One question on one sandbox: the engine's runRlm with the providers, prices and child REPLs wired as the page
 * wires them (src/store/runExec.ts), and its outcome in the shape the library returns.
 */
import { callCost, DEFAULT_PRICES, type PriceTable } from '../core/cost';
import { errorMessage } from '../core/error-message';
import type { RunEvent, SessionInfo, StopReason, UsageTotals } from '../core/events';
import { runRlm, type RunOutcome } from '../core/loop';
import type { EngineSettings } from '../core/settings';
import type { ChatProvider, ContextMeta, ProviderKind } from '../core/types';
import { emptyTotals } from '../core/usage';
import type { PoolSandbox } from '../sandbox/pool';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Root and sub-call figures apart (calls, tokens, cost). */
  root: UsageTotals['root'];
  sub: UsageTotals['sub'];
}

export interface CompletionResult {
  answer: string | null;
  iterations: number;
  /** Seconds, as the seed's `result.total_time`. */
  totalTime: number;
  usage: Usage;
  /** USD; null when a model's price is unknown. */
  cost: number | null;
  /** Every event of the run (no token events): what the page shows, exports and imports. */
  trajectory: RunEvent[];
  stopReason: StopReason;
  status: RunOutcome['status'] | 'error';
  error?: string;
  runId: string;
  turn: number;
}

export interface TurnSetup {
  root: ChatProvider;
  sub: ChatProvider;
  rootKind: ProviderKind;
  subKind: ProviderKind;
  model: string;
  subModel: string;
  settings: Partial<EngineSettings>;
  prices?: PriceTable;
  now: () => number;
  newId: () => string;
}

export interface TurnInput {
  question: string;
  /** What slot 0 (`context`) holds. */
  context: ContextMeta | null;
  runId?: string;
  turn: number;
  session?: SessionInfo;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
}

export function toUsage(u: UsageTotals): Usage {
  return { inputTokens: u.root.inputTokens + u.sub.inputTokens, outputTokens: u.root.outputTokens + u.sub.outputTokens, root: u.root, sub: u.sub };
}

const costOf = (u: UsageTotals) => (u.root.cost.complete && u.sub.cost.complete ? u.root.cost.usd + u.sub.cost.usd : null);

export async function runQuestion(
  sb: PoolSandbox,
  setup: TurnSetup,
  input: TurnInput,
): Promise<{ result: CompletionResult; outcome: RunOutcome | null }> {
  const trajectory: RunEvent[] = [];
  const emit = (e: RunEvent) => {
    if (e.type !== 'token') trajectory.push(e);
    input.onEvent?.(e);
  };
  const prices = setup.prices ?? DEFAULT_PRICES;
  const t0 = setup.now();
  try {
    const outcome = await runRlm(
      { question: input.question, context: input.context, rootModel: setup.model, subModel: setup.subModel, settings: setup.settings,
        turn: input.turn, ...(input.runId ? { runId: input.runId } : {}), ...(input.session ? { session: input.session } : {}) },
      {
        root: setup.root, sub: setup.sub, repl: sb, emit, signal: input.signal, now: setup.now, newId: setup.newId,
        price: (who, model, usage) =>
          who === 'root' ? callCost(setup.rootKind, model, usage, prices, setup.root.endpoint) : callCost(setup.subKind, model, usage, prices, setup.sub.endpoint),
        ...(sb.spawnRepl ? { spawnRepl: sb.spawnRepl.bind(sb) } : {}),
      },
    );
    const runId = trajectory.find((e) => e.type === 'run-started')?.runId ?? input.runId ?? '';
    const result: CompletionResult = {
      answer: outcome.answer, iterations: outcome.iterations, totalTime: outcome.wallMs / 1000, usage: toUsage(outcome.usage),
      cost: costOf(outcome.usage), trajectory, stopReason: outcome.reason, status: outcome.status,
      ...(outcome.error ? { error: outcome.error } : {}), runId, turn: input.turn,
    };
    return { result, outcome };
  } catch (e) {
    const totals = emptyTotals();
    const result: CompletionResult = {
      answer: null, iterations: 0, totalTime: (setup.now() - t0) / 1000, usage: toUsage(totals), cost: 0, trajectory,
      stopReason: 'error', status: 'error', error: errorMessage(e), runId: input.runId ?? '', turn: input.turn,
    };
    return { result, outcome: null };
  }
}
