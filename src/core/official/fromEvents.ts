import type { RunEvent } from '../events';
import { replay, type BlockView, type IterationView, type RunNode, type SubcallView, type Trajectory, type TurnView } from '../trajectory';
import { conversationAt, runStats } from '../tree';
import type { Usage } from '../types';
import type { JsonObject, OfficialCall, OfficialChild, OfficialCodeBlock, OfficialCompletion, OfficialIteration, OfficialLog, OfficialMetadata, OfficialUsage } from './types';

/**
 * Our event stream as an official rlm log (write it with `writeOfficialLog`): the root
 * run's turns are its completions, child runs are embedded under their call's `metadata`
 * as the package does. Fields the package writes and we do not know are left out, never
 * made up — except `locals`: the sandbox reports each variable's short repr (a long str as its
 * head and length), not its value, so that repr is written; a variable without one (older runs) is
 * written as null (the package's `None`).
 */

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number | undefined) => (ms ?? 0) / 1000;

function metadataOf(t: Trajectory, run: RunNode, withTimestamp: boolean): OfficialMetadata {
  const s = run.settings;
  return {
    ...(withTimestamp ? { timestamp: iso(run.startedAt) } : {}),
    rootModel: s.rootModel,
    maxDepth: runStats(t, run.runId).maxDepth - run.depth + 1,
    maxIterations: s.maxIterations,
    backend: 'rlm-studio',
    backendKwargs: { model_name: s.rootModel, endpoint: s.rootEndpoint },
    environmentType: 'pyodide',
    environmentKwargs: {},
    otherBackends: s.subModel && s.subModel !== s.rootModel ? [s.subModel] : null,
    ...stepExtra(run),
  };
}

/**
 * Step mode: the code blocks hold the code that ran; the record's metadata says which blocks the user
 * edited (with the model's code) or skipped, so a reader of the file knows the run was steered.
 */
function stepExtra(run: RunNode): { extra?: JsonObject } {
  const edits: JsonObject[] = [];
  for (const turn of run.turns)
    for (const it of turn.iterations)
      for (const b of it.blocks) {
        const at = { turn: turn.turn, iteration: it.iteration, block: b.block };
        if (b.skipped) edits.push({ ...at, action: 'skipped' });
        else if (b.original !== undefined) edits.push({ ...at, action: 'edited', original_code: b.original });
      }
  return edits.length ? { extra: { rlm_studio_step_edits: edits } } : {};
}

/** One model's calls as the package counts them (ModelUsageSummary). */
function bucket(u: OfficialUsage, model: string, calls: number, inputTokens: number, outputTokens: number, cost: number | null): void {
  const m = (u.models[model] ??= { calls: 0, inputTokens: 0, outputTokens: 0 });
  m.calls += calls;
  m.inputTokens += inputTokens;
  m.outputTokens += outputTokens;
  if (cost === null) {
    u.totalCost = undefined;
    delete m.cost;
  } else if (u.totalCost !== undefined) {
    m.cost = (m.cost ?? 0) + cost;
    u.totalCost += cost;
  }
}

const usageOf = (model: string, usage: Usage, cost: number | null): OfficialUsage => {
  const u: OfficialUsage = { models: {}, totalCost: 0 };
  bucket(u, model, 1, usage.inputTokens, usage.outputTokens, cost);
  return u;
};

/**
 * A child RLM's usage as the package returns it (its LM handler's summary): its root calls and its own
 * llm_query calls, per model; its children's usage is theirs (in their own records), as in the package.
 */
function childUsage(t: Trajectory, child: RunNode): OfficialUsage | undefined {
  const root = child.turns[0]?.finished?.usage.root;
  if (!root) return undefined;
  const u: OfficialUsage = { models: {}, totalCost: 0 };
  if (root.calls) bucket(u, child.settings.rootModel, root.calls, root.inputTokens, root.outputTokens, root.cost.complete ? root.cost.usd : null);
  for (const s of Object.values(t.subcalls)) {
    if (s.runId !== child.runId || s.childRunId || s.cached || s.error || !s.usage) continue;
    bucket(u, s.model, 1, s.usage.inputTokens, s.usage.outputTokens, typeof s.cost === 'number' ? s.cost : null);
  }
  return u;
}

/**
 * The calls the package's REPL records in `rlm_calls`: every answered call; a child RLM that failed, as the
 * "Error: …" completion its `_subcall` returns; a failed slot of a batch, with an empty response and `error`
 * (the LM handler's per-slot failure). A failed single llm_query is not recorded (the REPL only returns its
 * "Error: …" string to the code).
 */
function callOf(t: Trajectory, s: SubcallView): OfficialCall | null {
  const child = s.childRunId ? t.runs[s.childRunId] : undefined;
  const failed = s.error !== undefined;
  const isChildCall = s.kind === 'rlm' || !!child;
  if (failed && !isChildCall && !s.batched) return null;
  // A failed call, or one answered from the cache, made no model call of its own to count.
  const usage = (failed && !child) || s.cached ? { models: {} } : child ? childUsage(t, child) : s.usage && usageOf(s.model, s.usage, typeof s.cost === 'number' ? s.cost : null);
  return {
    model: s.model,
    prompt: s.prompt,
    response: failed && isChildCall ? `Error: ${s.error}` : (s.response ?? ''),
    ...(usage ? { usage } : {}),
    ...(s.durationMs !== undefined ? { executionTime: seconds(s.durationMs) } : {}),
    ...(failed && !isChildCall ? { error: s.error } : {}),
    ...(child ? { child: childOf(t, child) } : {}),
  };
}

/** Each variable's short repr when the sandbox reported it (the package writes repr() for what JSON cannot hold), else null. */
function localsOf(b: BlockView): JsonObject {
  const repr = new Map((b.variableInfo ?? []).map((v) => [v.name, v.repr]));
  return Object.fromEntries((b.variables ?? []).map((name) => [name, repr.get(name) ?? null]));
}

function blockOf(t: Trajectory, b: BlockView, answer: string | null): OfficialCodeBlock {
  const locals = localsOf(b);
  return {
    code: b.code,
    stdout: b.stdout ?? '',
    stderr: b.stderr ?? '',
    locals,
    executionTime: seconds(b.durationMs),
    calls: b.subcalls.flatMap((id) => (t.subcalls[id] ? (callOf(t, t.subcalls[id]) ?? []) : [])),
    finalAnswer: answer,
  };
}

function iterationOf(t: Trajectory, run: RunNode, turn: TurnView, it: IterationView, end: number): OfficialIteration {
  const final = turn.final?.iteration === it.iteration ? turn.final : undefined;
  // The package sets a block's final_answer when that block made answer["ready"] true: the last block run.
  const byBlock = final?.via === 'answer' ? it.blocks.length - 1 : -1;
  const sent = conversationAt(t, run.runId, it.iteration, turn.turn);
  return {
    index: it.iteration,
    timestamp: iso(end),
    ...(sent?.complete ? { prompt: sent.messages.map((m) => ({ role: m.role, content: m.content })) } : {}),
    response: it.content,
    codeBlocks: it.blocks.map((b, i) => blockOf(t, b, i === byBlock ? final!.answer : null)),
    finalAnswer: final?.answer ?? null,
    forcedDefault: it.forced,
    iterationTime: it.forced ? null : seconds(end - it.startedAt),
  };
}

function completionOf(t: Trajectory, run: RunNode, turn: TurnView): OfficialCompletion {
  const its = turn.iterations;
  const turnEnd = turn.finished ? turn.startedAt + turn.finished.wallMs : run.lastAt;
  const iterations = its.map((it, i) => iterationOf(t, run, turn, it, its[i + 1]?.startedAt ?? turnEnd));
  return { iterations, finalAnswer: turn.final?.answer ?? null };
}

function childOf(t: Trajectory, run: RunNode): OfficialChild {
  const [first] = run.turns;
  return { runMetadata: metadataOf(t, run, false), ...completionOf(t, run, first) };
}

export function eventsToOfficial(events: RunEvent[]): OfficialLog {
  const t = replay(events);
  if (!t) return { completions: [] };
  const root = t.runs[t.rootRunId];
  return { metadata: metadataOf(t, root, true), completions: root.turns.map((turn) => completionOf(t, root, turn)) };
}
