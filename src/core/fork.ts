import type { ChatMessage, Role, SubcallKind } from './types';
import type { ForkOf, PromptDelta, PromptMessage, RunEvent } from './events';
import { conversationAt } from './conversation';
import { replay, type IterationView, type Trajectory } from './trajectory';

/**
 * Fork: continue a recorded run from its iteration k. The REPL state of iterations 1…k-1 is
 * rebuilt by re-running their blocks with the recorded sub-call answers (replay.ts, no model
 * call), then the loop goes on live from k with the root messages as the record says they were
 * sent. This file builds that starting point from the record; it is pure.
 */

export interface RecordedCall {
  prompt: string;
  response: string;
  model: string;
  kind?: SubcallKind;
  error?: string;
}

export interface RecordedBlock {
  block: number;
  code: string;
  lang: 'repl' | 'python';
  stdout: string;
  stderr: string;
  calls: RecordedCall[];
}

export interface RecordedIteration {
  iteration: number;
  forced: boolean;
  prompt?: PromptDelta;
  content: string;
  thinking: string;
  model: string;
  blocks: RecordedBlock[];
}

/** Iteration k's recorded response with some blocks edited: it runs instead of a new root call. */
export interface EditedResponse {
  content: string;
  thinking: string;
  model: string;
  /** Block number → the code the model wrote (the edited code is in `content`). */
  originals: Record<number, string>;
}

export interface ResumePoint {
  forkOf: ForkOf;
  /** The parent's iterations before k, replayed in order. */
  replay: RecordedIteration[];
  /** What iteration k was sent (conversationAt): the first live call's messages. */
  messages: ChatMessage[];
  /** Iteration k-1's conversation with its response: the base of iteration k's prompt delta. */
  sent: ChatMessage[];
  edited?: EditedResponse;
}

export interface ForkRequest {
  iteration: number;
  /** Block number (1-based) → the code to run instead of the recorded one, in iteration k. */
  edits?: Record<number, string>;
}

export type ResumeResult = { ok: true; point: ResumePoint } | { ok: false; message: string };

const ROLES = new Set<string>(['system', 'user', 'assistant']);
// Imported logs may carry other roles; a provider accepts only these three.
const chat = (m: PromptMessage): ChatMessage => ({ role: (ROLES.has(m.role) ? m.role : 'user') as Role, content: m.content });

export function resumePoint(events: RunEvent[], req: ForkRequest): ResumeResult {
  const t = replay(events);
  if (!t) return { ok: false, message: 'This run has no events: there is nothing to fork from.' };
  const run = t.runs[t.rootRunId];
  const first = run.turns[0];
  const k = req.iteration;
  const target = first.iterations.find((it) => it.iteration === k);
  if (!target) {
    const later = run.turns.slice(1).some((tn) => tn.iterations.some((it) => it.iteration === k));
    return { ok: false, message: later ? 'Forking a later question of a session is not supported: fork from an iteration of its first question.' : `This run has no iteration ${k}.` };
  }
  if (target.forced) return { ok: false, message: `Iteration ${k} is the forced last answer, not a model turn: fork from an earlier iteration.` };
  const conv = conversationAt(t, t.rootRunId, k, first.turn);
  if (!conv?.complete) return { ok: false, message: 'This run was recorded before prompts were stored, so what iteration k was sent cannot be rebuilt.' };
  const before = first.iterations.filter((it) => it.iteration < k);
  const prev = before.at(-1);
  const prevConv = prev ? conversationAt(t, t.rootRunId, prev.iteration, first.turn) : null;
  const sent = prev && prevConv ? [...prevConv.messages, { role: 'assistant', content: prev.content }].map(chat) : [];
  const edited = req.edits && Object.keys(req.edits).length ? editResponse(target, req.edits) : undefined;
  if (typeof edited === 'string') return { ok: false, message: edited };
  const point: ResumePoint = {
    forkOf: { runId: t.rootRunId, iteration: k },
    replay: before.filter((it) => !it.forced).map((it) => recorded(t, it)),
    messages: conv.messages.map(chat),
    sent,
    // Edits that change nothing leave iteration k a live call.
    ...(edited && Object.keys(edited.originals).length ? { edited } : {}),
  };
  return { ok: true, point };
}

function recorded(t: Trajectory, it: IterationView): RecordedIteration {
  const blocks = it.blocks.map((b) => ({
    block: b.block,
    code: b.code,
    lang: b.lang,
    stdout: b.stdout ?? '',
    stderr: b.stderr ?? '',
    calls: b.subcalls.map((id) => t.subcalls[id]).filter(Boolean).map((s) => ({
      prompt: s.prompt,
      response: s.response ?? '',
      model: s.model,
      ...(s.kind ? { kind: s.kind } : {}),
      ...(s.error ? { error: s.error } : {}),
    })),
  }));
  const { iteration, forced, content, thinking } = it;
  return { iteration, forced, content, thinking, model: it.model ?? '', blocks, ...(it.prompt ? { prompt: it.prompt } : {}) };
}

/**
 * The recorded response with edited blocks written into it, so the timeline, the export and the
 * next prompt all show the code that ran (the model's own code is kept in `originals`).
 * A string is the reason it cannot be done.
 */
function editResponse(it: IterationView, edits: Record<number, string>): EditedResponse | string {
  let content = it.content;
  let cursor = 0;
  const originals: Record<number, string> = {};
  for (const b of it.blocks) {
    const at = content.indexOf(b.code, cursor);
    if (at < 0) return `Block ${b.block} of iteration ${it.iteration} could not be found in its response, so it cannot be edited.`;
    const code = edits[b.block];
    if (code === undefined || code === b.code) {
      cursor = at + b.code.length;
      continue;
    }
    content = content.slice(0, at) + code + content.slice(at + b.code.length);
    cursor = at + code.length;
    originals[b.block] = b.code;
  }
  const unknown = Object.keys(edits).map(Number).find((n) => !it.blocks.some((b) => b.block === n));
  if (unknown !== undefined) return `Iteration ${it.iteration} has no block ${unknown}.`;
  return { content, thinking: it.thinking, model: it.model ?? '', originals };
}
