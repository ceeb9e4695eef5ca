import type { RunEvent } from '../events';
import { replay, type BlockView, type IterationView, type RunNode, type SubcallView, type Trajectory, type TurnView } from '../trajectory';
import { conversationAt, runStats } from '../tree';
import type { JsonObject, OfficialCall, OfficialChild, OfficialCodeBlock, OfficialCompletion, OfficialIteration, OfficialLog, OfficialMetadata } from './types';

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

function callOf(t: Trajectory, s: SubcallView): OfficialCall {
  const model = s.model;
  const usage = s.usage && {
    models: { [model]: { calls: 1, inputTokens: s.usage.inputTokens, outputTokens: s.usage.outputTokens, ...(typeof s.cost === 'number' ? { cost: s.cost } : {}) } },
    ...(typeof s.cost === 'number' ? { totalCost: s.cost } : {}),
  };
  const child = s.childRunId ? t.runs[s.childRunId] : undefined;
  return {
    model,
    prompt: s.prompt,
    response: s.response ?? '',
    ...(usage ? { usage } : {}),
    ...(s.durationMs !== undefined ? { executionTime: seconds(s.durationMs) } : {}),
    ...(s.error ? { error: s.error } : {}),
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
    calls: b.subcalls.flatMap((id) => (t.subcalls[id] ? [callOf(t, t.subcalls[id])] : [])),
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
