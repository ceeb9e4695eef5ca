/**
 * One run, from a snapshot of the store: reset the sandbox, run the engine,
 * checkpoint to history, and turn any failure around it into events, so that
 * every outcome is saved, replayed and exported the same way.
 */
import { errorMessage } from '../core/error-message';
import { callCost } from '../core/cost';
import type { EventOf, RunEvent } from '../core/events';
import { runRlm, type RunOutcome } from '../core/loop';
import type { TurnPlan } from './sessionSlice';
import { DEFAULT_SETTINGS } from '../core/settings';
import type { ChatProvider, ReplFactory } from '../core/types';
import type { StepGate } from '../core/step';
import { describeKey } from './ollamaModels';
import { ollamaHostFor } from './settings';
import { emptyTotals } from '../core/usage';
import type { AppState, StoreDeps } from './types';
import type { ResumePoint } from '../core/fork';
import type { DecideMismatch } from '../core/replay';

/** What a fork adds to a run (fork.ts): where it resumes, and who decides on a replay mismatch. */
export interface RunExtras {
  resume?: ResumePoint;
  decideMismatch?: DecideMismatch;
}

export interface RunHooks {
  signal: AbortSignal;
  /** Every event, tokens included, as it happens. */
  onEvent(e: RunEvent): void;
  /** A copy of the events so far, to save: a crash or reload then loses at most one iteration. */
  checkpoint(events: RunEvent[]): void;
  /** Step mode's gate (stepSlice.ts), asked before every block. */
  stepGate?: StepGate;
  /** A new session, or the live session's next turn (sessionSlice.ts); a new session when absent. */
  plan?: TurnPlan;
  /** What the engine returned (its messages become `history_<turn>`); not called when it never ran. */
  onOutcome?(outcome: RunOutcome): void;
}

/** Binds a fresh `answer` dict: the last turn's `ready = True` would otherwise end this turn after its first block. */
const FRESH_ANSWER = 'answer = {"content": "", "ready": False}';

/** Runs and resolves with the run's events (no tokens), always ending in run-finished. */
export async function executeRun(s: AppState, deps: StoreDeps, hooks: RunHooks, extras: RunExtras = {}): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const emit = (e: RunEvent) => {
    if (e.type !== 'token') events.push(e);
    hooks.onEvent(e);
    if (e.type === 'iteration-started') hooks.checkpoint(events.slice());
  };
  const { settings } = s;
  const subKind = settings.subModel ? settings.subProvider : settings.rootProvider;
  const providers: { root?: ChatProvider; sub?: ChatProvider } = {};
  try {
    const root = (providers.root = s.providerFor(settings.rootProvider));
    const sub = (providers.sub = s.providerFor(subKind));
    const plan = hooks.plan ?? { kind: 'new' };
    // A new session must not see (or be steered by) what an earlier run's code left behind; a follow-up must.
    if (plan.kind === 'new') await deps.sandbox.reset();
    else await freshAnswer(deps.sandbox, settings.engine.blockTimeoutMs);
    const [context, rootContextLength] = await Promise.all([s.contextForRun(), rootWindowOf(s)]);
    const spawnRepl = spawnReplOf(deps.sandbox);
    const turn = plan.kind === 'follow-up' ? { runId: plan.runId, turn: plan.turn, session: plan.session } : {};
    const outcome = await runRlm(
      {
        ...turn,
        question: s.question.trim(),
        context,
        rootModel: settings.rootModel,
        subModel: settings.subModel || settings.rootModel,
        settings: settings.engine,
        ...(rootContextLength ? { rootContextLength } : {}),
        ...(extras.resume ? { resume: extras.resume } : {}),
      },
      {
        root,
        sub,
        price: (who, model, usage) =>
          who === 'root'
            ? callCost(settings.rootProvider, model, usage, settings.prices, root.endpoint)
            : callCost(subKind, model, usage, settings.prices, sub.endpoint),
        repl: deps.sandbox,
        signal: hooks.signal,
        now: deps.now,
        newId: deps.newId,
        emit,
        ...(spawnRepl ? { spawnRepl } : {}),
        ...(hooks.stepGate ? { stepGate: hooks.stepGate } : {}),
        ...(extras.decideMismatch ? { decideMismatch: extras.decideMismatch } : {}),
      },
    );
    hooks.onOutcome?.(outcome);
  } catch (e) {
    for (const ev of failureEvents(events, e, () => startEvent(s, deps, providers, hooks.plan), deps.now)) emit(ev);
  }
  return events;
}

/** Child runs need a fresh REPL each; a port without one runs rlm_query as llm_query (the engine's fallback). */
function spawnReplOf(sandbox: StoreDeps['sandbox']): ReplFactory | undefined {
  return sandbox.spawnRepl?.bind(sandbox);
}

/** The root model's window as its server reports it (Ollama /api/show, or the listed model), for compaction. */
async function rootWindowOf(s: AppState): Promise<number | undefined> {
  const { rootProvider: kind, rootModel: model } = s.settings;
  if (kind !== 'ollama') {
    const m = s.models[kind];
    return m.status === 'ok' ? m.list.find((x) => x.name === model)?.contextLength : undefined;
  }
  const key = describeKey(ollamaHostFor(model, s.settings.providers.ollama), model);
  // Usually described when the list came in; a model typed into a link may not have been.
  return (s.described[key] ?? (await s.describeModel(model)))?.contextLength;
}

/** What a run that failed outside the engine's own handling still needs: a start if it never started, an error, an end. */
export function failureEvents(events: RunEvent[], error: unknown, start: () => EventOf<'run-started'>, now: () => number): RunEvent[] {
  if (events.some((e) => e.type === 'run-finished')) return [];
  const out: RunEvent[] = [];
  const started = events.find((e): e is EventOf<'run-started'> => e.type === 'run-started') ?? start();
  if (!events.includes(started)) out.push(started);
  const { runId, parentCallId, depth, turn } = started;
  const envelope = { runId, parentCallId, depth, turn };
  const at = now();
  const iterations = events.filter((e) => e.type === 'iteration-started').length;
  const where = (error as { where?: string }).where ?? (iterations ? `iteration ${iterations}` : 'starting the run');
  out.push(
    { type: 'error', at, message: errorMessage(error), where, ...(iterations ? { iteration: iterations } : {}), ...envelope },
    { type: 'run-finished', at, status: 'error', iterations, wallMs: at - started.at, usage: emptyTotals(), answer: null, ...envelope },
  );
  return out;
}

/** A run that could not start at all (its server unreachable, Python failed): a start, the error, an end, to keep. */
export function failedBeforeStart(s: AppState, deps: StoreDeps, message: string): RunEvent[] {
  return failureEvents([], Object.assign(new Error(message), { where: 'starting the run' }), () => startEvent(s, deps, {}), deps.now);
}

async function freshAnswer(sandbox: StoreDeps['sandbox'], timeoutMs: number): Promise<void> {
  const r = await sandbox.exec(FRESH_ANSWER, { timeoutMs, onSubcall: () => Promise.reject(new Error('no sub-calls here')) });
  if (!r.ok) throw new Error(`The session's REPL could not start the next turn: ${r.stderr.trim() || 'the reset of `answer` failed'}`);
}

function startEvent(s: AppState, deps: StoreDeps, p: { root?: ChatProvider; sub?: ChatProvider }, plan?: TurnPlan): EventOf<'run-started'> {
  const { settings } = s;
  const subKind = settings.subModel ? settings.subProvider : settings.rootProvider;
  const engine = { ...DEFAULT_SETTINGS, ...settings.engine };
  return {
    type: 'run-started',
    // A follow-up that failed before the engine started is still that session's turn.
    runId: plan?.kind === 'follow-up' ? plan.runId : deps.newId(),
    parentCallId: null,
    depth: 0,
    turn: plan?.kind === 'follow-up' ? plan.turn : 0,
    ...(plan?.kind === 'follow-up' ? { session: plan.session } : {}),
    at: deps.now(),
    question: s.question.trim(),
    context: s.context.meta,
    settings: {
      rootModel: settings.rootModel,
      subModel: settings.subModel || settings.rootModel,
      rootEndpoint: p.root?.endpoint ?? s.endpointFor(settings.rootProvider),
      subEndpoint: p.sub?.endpoint ?? s.endpointFor(subKind),
      maxIterations: engine.maxIterations,
      maxOutputChars: engine.maxOutputChars,
      blockTimeoutMs: engine.blockTimeoutMs,
      subcallConcurrency: engine.subcallConcurrency,
    },
  };
}
