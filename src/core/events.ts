import type { ContextMeta, FinalVia, SubcallKind, Usage } from './types';
import type { CostSum } from './cost';
import type { RecordedSettings } from './settings';

/**
 * The one event stream of a run. The UI, persistence, export and the benchmark
 * runner all consume exactly this; nothing reads engine internals.
 * `at` is a timestamp from the injected clock (ms).
 */

/**
 * The settings a run's record keeps: its models and endpoints, and the engine settings listed in
 * settings.ts RECORDED_SETTINGS (the budgets and recursion settings are absent in runs recorded before
 * they existed; strategy and systemPrompt only when not the default).
 */
export interface RunSettingsPublic extends RecordedSettings {
  rootModel: string;
  subModel: string;
  rootEndpoint: string;
  subEndpoint: string;
  /** RunInput.noSubcalls (the benchmark's ablation); absent when sub-calls were available. */
  noSubcalls?: boolean;
}

/** What a session's REPL holds when a turn starts (RunInput.session); absent on a lone run or a session's first turn. */
export interface SessionInfo {
  /** Contexts loaded: `context_0` (= `context`) … `context_{contexts-1}`. */
  contexts: number;
  /** Earlier turns' message histories: `history_0` … `history_{histories-1}`. */
  histories: number;
  /** What `context_1`, `context_2`… hold, in slot order (files added during the session). */
  extraContexts?: ContextMeta[];
}

export type RunStatus = 'done' | 'stopped' | 'error';

/**
 * Why a run ended. A budget stop ('subcalls' … 'errors') still has status 'done' and an answer: the
 * best partial one (answer["content"], a forced last call, or the last response's prose).
 * 'depth' is part of the contract (UI, URL, imports) but this engine never ends a run with it: at the
 * depth limit rlm_query answers as llm_query does (as the official), which is not a stop.
 */
/** A REPL variable after a block, as the sandbox describes it. */
export interface VariableInfo {
  name: string;
  type: string;
  repr: string;
}

export type StopReason =
  | 'answered'
  | 'iterations'
  | 'depth'
  | 'subcalls'
  | 'tokens'
  | 'cost'
  | 'wall-time'
  | 'errors'
  | 'stopped'
  | 'error';

export const STOP_REASONS: readonly StopReason[] = ['answered', 'iterations', 'depth', 'subcalls', 'tokens', 'cost', 'wall-time', 'errors', 'stopped', 'error'];

export type FinalSource = FinalVia | 'forced';

export interface UsageTotals {
  root: Usage & { calls: number; cost: CostSum };
  sub: Usage & { calls: number; cost: CostSum };
}

/** The run and iteration a fork continues from. */
export interface ForkOf {
  runId: string;
  iteration: number;
}

/** One message of a root call's conversation; roles are kept as written (imported logs may use others). */
export interface PromptMessage {
  role: string;
  content: string;
}

/**
 * The conversation a root call was sent, stored as a change to the previous root call of the
 * same run: its messages plus its response as an `assistant` message, cut to the first `keep`,
 * then `add` appended. Why a delta and not the message list: the list grows with every
 * iteration (1,000 iterations of 20 KB outputs would store ~10 GB), and the responses are
 * already in `response` events. Why `keep` and not a plain append: the conversation is not
 * always append-only — per-turn prompts that the next call drops (the forced-answer prompt,
 * the official package's older "history before…" prompt) need a cut, not a copy.
 * The first call of a run has `keep: 0`. Absent in runs saved before it existed.
 */
export interface PromptDelta {
  keep: number;
  add: PromptMessage[];
}

/**
 * Where an event belongs in the tree of calls. The same four fields on every event, so
 * a consumer never has to infer an event's run from its neighbours.
 */
export interface EventEnvelope {
  runId: string;
  /** null at the root; for a child RLM run, the id of the sub-call that spawned it. */
  parentCallId: string | null;
  /** 0 at the root, parent's depth + 1 for a child run. */
  depth: number;
  /** 0 for a lone question; a session's questions on one REPL are turns 0, 1, 2… of one runId. */
  turn: number;
}

export type EventBody =
  | {
      type: 'run-started';
      at: number;
      question: string;
      context: ContextMeta | null;
      settings: RunSettingsPublic;
      /** A session's later turn: what the REPL held when it started (see SessionInfo). */
      session?: SessionInfo;
      /** Set on a fork (fork.ts): the run and iteration it continues from. */
      forkOf?: ForkOf;
    }
  | {
      type: 'iteration-started';
      iteration: number;
      at: number;
      forced: boolean;
      /** What this root call was sent, as a change to the previous call's conversation (see PromptDelta). */
      prompt?: PromptDelta;
      /** A fork's copy of a parent iteration: its recorded response, its blocks re-run with recorded sub-call answers. */
      replayed?: true;
    }
  | { type: 'token'; iteration: number; channel: 'content' | 'thinking'; text: string }
  | {
      type: 'response';
      iteration: number;
      at: number;
      content: string;
      thinking: string;
      usage: Usage;
      /** USD, null when the model's price is unknown. */
      cost: number | null;
      model: string;
      durationMs: number;
    }
  | {
      type: 'code-started';
      iteration: number;
      block: number;
      at: number;
      /** The code that ran (step mode: the user's edit), or the model's code of a skipped block. */
      code: string;
      lang: 'repl' | 'python';
      /** The model's code, when the code that ran was edited by the user (step mode, a fork's edited block). */
      original?: string;
      /** Step mode: the user skipped the block; nothing ran. */
      skipped?: true;
    }
  | {
      type: 'code-finished';
      iteration: number;
      block: number;
      at: number;
      stdout: string;
      stderr: string;
      ok: boolean;
      durationMs: number;
      variables: string[];
      /** The variables' type and short repr (ExecResult.variableInfo); absent when the sandbox did not report them. */
      variableInfo?: VariableInfo[];
      reset?: string;
      timedOut?: boolean;
      /** Step mode: a skipped block's end (empty output, nothing ran). */
      skipped?: true;
    }
  | {
      type: 'subcall-started';
      id: string;
      iteration: number;
      block: number;
      at: number;
      prompt: string;
      model: string;
      /** 'rlm' when the call runs a child RLM (whose run names this id as parentCallId); absent = 'llm'. */
      kind?: SubcallKind;
      /** One prompt of a `*_batched` call (SubcallRequest.batched); absent in runs recorded before it was. */
      batched?: true;
    }
  | {
      type: 'subcall-finished';
      id: string;
      at: number;
      response: string;
      usage: Usage;
      cost: number | null;
      durationMs: number;
      error?: string;
      /** Answered from the run tree's sub-call cache: no model call, `savedTokens` not spent. */
      cached?: boolean;
      savedTokens?: number;
    }
  | { type: 'notice'; iteration: number; at: number; message: string }
  | {
      /** The root history was summarised (compaction.ts) after `iteration`, before the next root call. */
      type: 'compaction';
      iteration: number;
      at: number;
      /** Estimated tokens of the history before and after (chars / 4), against the model's window. */
      beforeTokens: number;
      afterTokens: number;
      window: number;
      summary: string;
      /** The summary call's own usage and cost: it is a root call, counted in the run's root totals. */
      usage: Usage;
      cost: number | null;
      durationMs: number;
    }
  | { type: 'final'; iteration: number; at: number; answer: string; via: FinalSource }
  | { type: 'error'; at: number; message: string; where: string; iteration?: number }
  | {
      type: 'run-finished';
      at: number;
      status: RunStatus;
      iterations: number;
      wallMs: number;
      usage: UsageTotals;
      answer: string | null;
      /** Set by the engine; absent only in events from before it existed (migrate.ts derives it). */
      reason?: StopReason;
    };

/** An event as it travels: a body plus its envelope. Narrowing on `type` works as on the bodies. */
export type RunEvent = EventBody & EventEnvelope;

export type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
