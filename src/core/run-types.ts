/** What a run takes, needs and gives back (loop.ts runs it): the engine's public contract in one place. */
import type { ChatProvider, ContextMeta, ReplFactory, Repl, Usage, ChatMessage } from './types';
import type { FinalSource, RunEvent, RunStatus, SessionInfo, StopReason, UsageTotals } from './events';
import type { EngineSettings } from './settings';
import type { StepGate } from './step';
import type { ResumePoint } from './fork';
import type { DecideMismatch } from './replay';

export interface RunInput {
  question: string;
  context: ContextMeta | null;
  rootModel: string;
  /** Model for llm_query; the root model when empty. */
  subModel?: string;
  /** The root model's window (ModelInfo.contextLength), for compaction; numCtx when unknown. */
  rootContextLength?: number;
  settings?: Partial<EngineSettings>;
  /** The envelope stamped on every event (see EventEnvelope); defaults: a new id, null, 0, 0. */
  runId?: string;
  parentCallId?: string | null;
  depth?: number;
  turn?: number;
  /**
   * The benchmark's "RLM without sub-calls" ablation: every llm_query / rlm_query call returns an
   * "Error: …" string the code can read (the run goes on), and the system prompt says so.
   */
  noSubcalls?: boolean;
  /** A session's later turn: what the persistent REPL holds, for the prompt's "You have N contexts…" notes. */
  session?: SessionInfo;
  /** A fork: replay the parent's iterations before k from the record, then go on live from k (fork.ts). */
  resume?: ResumePoint;
}

export interface RunDeps {
  root: ChatProvider;
  /** Provider serving llm_query; may differ from the root's. */
  sub: ChatProvider;
  repl: Repl;
  emit: (event: RunEvent) => void;
  signal?: AbortSignal;
  now?: () => number;
  newId?: () => string;
  /** USD cost of one call, null when unknown; no pricing means every cost is unknown. */
  price?: (who: 'root' | 'sub', model: string, usage: Usage) => number | null;
  /** Makes a child run's REPL; without it rlm_query answers as llm_query at every depth. */
  spawnRepl?: ReplFactory;
  /** Step mode: asked before each block of this run and of its child runs (they share the deps). */
  stepGate?: StepGate;
  /** A fork's replayed block printed something else than the record: go on or stop (absent: go on, with a notice). */
  decideMismatch?: DecideMismatch;
}

export interface RunOutcome {
  status: RunStatus;
  reason: StopReason;
  answer: string | null;
  via: FinalSource | null;
  iterations: number;
  usage: UsageTotals;
  wallMs: number;
  /** The message of the error that ended the run (status 'error'). */
  error?: string;
  /** What ended a run that a budget cut short ('errors', 'subcalls', 'tokens', 'cost', 'wall-time'), as the notice says it. */
  why?: string;
  /** The root conversation as last sent, with its response: a session stores it as `history_<turn>`. */
  messages: ChatMessage[];
}
