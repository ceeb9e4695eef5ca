import type { ContextMeta, Usage } from './types';
import type { EventEnvelope, EventOf, FinalSource, ForkOf, PromptDelta, RunEvent, RunSettingsPublic, SessionInfo, RunStatus, StopReason, UsageTotals, VariableInfo } from './events';
import { reduceRun, startRun } from './trajectory-run';

/**
 * The trajectory is a fold of the event stream: the UI renders it, history
 * stores the events it came from. Every update returns new objects for the
 * parts that changed, so React can compare by reference.
 *
 * It is a tree: runs keyed by runId (the root and every child RLM run), each
 * with its turns (a session's questions) → iterations → blocks → sub-call ids;
 * a sub-call that spawned a child run names it (`childRunId`). The root run's
 * fields are also kept flat at the top (`question`, `iterations`, `final`…),
 * as before the tree existed. Derived views (stats, call tree, swimlane,
 * conversation) are in tree.ts.
 */

export interface SubcallView {
  id: string;
  /** The run whose code made the call. */
  runId: string;
  turn: number;
  depth: number;
  iteration: number;
  block: number;
  prompt: string;
  model: string;
  startedAt: number;
  status: 'running' | 'done' | 'error';
  response?: string;
  usage?: Usage;
  cost?: number | null;
  durationMs?: number;
  error?: string;
  /** The child RLM run this call started, if it recursed. */
  childRunId?: string;
  kind?: 'llm' | 'rlm';
  /** One prompt of a `*_batched` call. */
  batched?: true;
  /** Served from the sub-call cache, saving `savedTokens`. */
  cached?: boolean;
  savedTokens?: number;
}

export interface BlockView {
  block: number;
  code: string;
  lang: 'repl' | 'python';
  startedAt: number;
  status: 'running' | 'done';
  stdout?: string;
  stderr?: string;
  ok?: boolean;
  durationMs?: number;
  variables?: string[];
  variableInfo?: VariableInfo[];
  reset?: string;
  timedOut?: boolean;
  /** The model's code when the user edited it (step mode, a fork's edited block; `code` is what ran). */
  original?: string;
  /** Step mode: the user skipped the block. */
  skipped?: true;
  subcalls: string[];
}

export interface IterationView {
  iteration: number;
  turn: number;
  forced: boolean;
  startedAt: number;
  /** What the root call was sent (absent in runs recorded before it was stored). */
  prompt?: PromptDelta;
  content: string;
  thinking: string;
  usage?: Usage;
  cost?: number | null;
  model?: string;
  durationMs?: number;
  blocks: BlockView[];
  notices: string[];
  /** Set when the root history was summarised after this iteration (the timeline marks it). */
  compaction?: CompactionView;
  /** A fork's replay of its parent's iteration (no model call). */
  replayed?: true;
}

/** The compaction event as the iteration shows it: everything but where it sits (run, turn, iteration). */
export type CompactionView = Omit<EventOf<'compaction'>, 'type' | 'iteration' | keyof EventEnvelope>;

export interface FinalView {
  answer: string;
  via: FinalSource;
  iteration: number;
}

export interface ErrorView {
  message: string;
  where: string;
  iteration?: number;
}

export interface FinishedView {
  wallMs: number;
  usage: UsageTotals;
  iterations: number;
  /** From the event, or derived from status and final for events that lack it. */
  reason: StopReason;
}

/** One question of a run: a lone run has one turn, a session one per question. */
export interface TurnView {
  turn: number;
  question: string;
  context: ContextMeta | null;
  /** This turn's own settings: a session may switch the root model between turns. */
  settings: RunSettingsPublic;
  /** What the session's REPL held when this turn started (absent on a first turn). */
  session?: SessionInfo;
  startedAt: number;
  status: 'running' | RunStatus;
  iterations: IterationView[];
  final?: FinalView;
  error?: ErrorView;
  finished?: FinishedView;
}

export interface RunNode {
  runId: string;
  parentCallId: string | null;
  depth: number;
  settings: RunSettingsPublic;
  startedAt: number;
  /** Latest timestamp seen in this run, for the wall time of a run still going. */
  lastAt: number;
  turns: TurnView[];
}

export interface Trajectory {
  // The root run, flat, as the UI read it before the tree (latest turn's status and answer).
  runId: string;
  question: string;
  context: ContextMeta | null;
  settings: RunSettingsPublic;
  startedAt: number;
  status: 'running' | RunStatus;
  /** The root run's iterations, all turns in order (each names its `turn`). */
  iterations: IterationView[];
  /** Every sub-call of the tree, of the root and of child runs, by id. */
  subcalls: Record<string, SubcallView>;
  final?: FinalView;
  error?: ErrorView;
  finished?: FinishedView;
  // The tree.
  rootRunId: string;
  runs: Record<string, RunNode>;
  /** The root run's turns. */
  turns: TurnView[];
  /** Set on a fork: the parent run and the iteration it continued from. */
  forkOf?: ForkOf;
}

function rootFields(run: RunNode): Omit<Trajectory, 'subcalls' | 'runs' | 'rootRunId' | 'settings' | 'runId'> {
  const first = run.turns[0];
  const last = run.turns[run.turns.length - 1];
  // One turn (the usual case) shares its array, so a change elsewhere keeps this reference.
  const iterations = run.turns.length === 1 ? first.iterations : run.turns.flatMap((tn) => tn.iterations);
  const { status, final, error, finished } = last;
  return { question: first.question, context: first.context, startedAt: run.startedAt, iterations, turns: run.turns, status, final, error, finished };
}

function withRun(t: Trajectory, run: RunNode): Trajectory {
  const next: Trajectory = { ...t, runs: { ...t.runs, [run.runId]: run } };
  return run.runId === t.rootRunId ? { ...next, ...rootFields(run) } : next;
}

function startTrajectory(e: EventOf<'run-started'>): Trajectory {
  const run = startRun(e);
  const fork = e.forkOf ? { forkOf: e.forkOf } : {};
  return { runId: e.runId, settings: e.settings, rootRunId: e.runId, runs: { [e.runId]: run }, subcalls: {}, ...rootFields(run), ...fork };
}

function setSubcall(t: Trajectory, id: string, f: (s: SubcallView) => SubcallView): Trajectory {
  const prev = t.subcalls[id];
  return prev ? { ...t, subcalls: { ...t.subcalls, [id]: f(prev) } } : t;
}

function addSubcall(t: Trajectory, e: EventOf<'subcall-started'>): Trajectory {
  const child = Object.values(t.runs).find((r) => r.parentCallId === e.id);
  const { id, runId, turn, depth, iteration, block, prompt, model } = e;
  const view: SubcallView = { id, runId, turn, depth, iteration, block, prompt, model, startedAt: e.at, status: 'running' };
  if (child) view.childRunId = child.runId;
  if (e.kind) view.kind = e.kind;
  if (e.batched) view.batched = true;
  return { ...t, subcalls: { ...t.subcalls, [e.id]: view } };
}

function finishSubcall(t: Trajectory, e: EventOf<'subcall-finished'>): Trajectory {
  const { response, usage, cost, durationMs, error } = e;
  const cache = e.cached ? { cached: true, savedTokens: e.savedTokens ?? 0 } : {};
  return setSubcall(t, e.id, (prev) => ({ ...prev, response, usage, cost, durationMs, error, ...cache, status: error ? 'error' : 'done' }));
}

/** A run-started: a new trajectory (a new root run), a child run, or a session's next turn. */
function onRunStarted(t: Trajectory | null, e: EventOf<'run-started'>): Trajectory {
  if (!t || (e.parentCallId === null && e.runId !== t.rootRunId)) return startTrajectory(e);
  const run = t.runs[e.runId];
  const next = withRun(t, run ? reduceRun(run, e) : startRun(e));
  return e.parentCallId && !run ? setSubcall(next, e.parentCallId, (s) => ({ ...s, childRunId: e.runId })) : next;
}

export function reduceTrajectory(t: Trajectory | null, e: RunEvent): Trajectory | null {
  if (e.type === 'run-started') return onRunStarted(t, e);
  if (!t) return t;
  let next = t;
  if (e.type === 'subcall-started') next = addSubcall(t, e);
  if (e.type === 'subcall-finished') next = finishSubcall(t, e);
  const run = next.runs[e.runId];
  if (!run) return next;
  const updated = reduceRun(run, e);
  return updated === run ? next : withRun(next, updated);
}

/** Rebuilds a trajectory from stored events (history, import). */
export function replay(events: RunEvent[]): Trajectory | null {
  return events.reduce<Trajectory | null>(reduceTrajectory, null);
}
