import type { PromptDelta, PromptMessage } from './events';
import type { IterationView, Trajectory } from './trajectory';

/**
 * Prompt deltas (see `PromptDelta` in events.ts): how each root call's conversation is
 * stored as a change to the previous one, and how it is rebuilt.
 */

const same = (a: PromptMessage, b: PromptMessage) => a === b || (a.role === b.role && a.content === b.content);

/** `next` as a change to `prev`: the longest shared start is kept, the rest added. */
export function promptDelta(prev: readonly PromptMessage[], next: readonly PromptMessage[]): PromptDelta {
  let keep = 0;
  while (keep < prev.length && keep < next.length && same(prev[keep], next[keep])) keep++;
  return { keep, add: next.slice(keep).map(({ role, content }) => ({ role, content })) };
}

/** The conversation `delta` describes, given the previous call's conversation with its response. */
export function applyDelta(prev: readonly PromptMessage[], delta: PromptDelta): PromptMessage[] {
  return [...prev.slice(0, delta.keep), ...delta.add];
}

export interface Conversation {
  messages: PromptMessage[];
  /** false when some call on the way has no stored prompt (runs saved before prompts were): only responses are known there. */
  complete: boolean;
}

const memo = new WeakMap<IterationView, Conversation>();

/**
 * The messages the root model was sent for one call, rebuilt from the prompt deltas of
 * the run's calls up to it (the target's own response is not part of what it was sent).
 * `turn` defaults to the run's latest turn.
 */
export function conversationAt(t: Trajectory, runId: string, iteration: number, turn?: number): Conversation | null {
  const run = t.runs[runId];
  if (!run) return null;
  const wanted = turn ?? run.turns[run.turns.length - 1]?.turn;
  let prev: Conversation = { messages: [], complete: true };
  let prevResponse: string | null = null;
  for (const tn of run.turns)
    for (const it of tn.iterations) {
      const cached = memo.get(it);
      const here = cached ?? step(prev, prevResponse, it.prompt);
      if (!cached) memo.set(it, here);
      if (tn.turn === wanted && it.iteration === iteration) return here;
      prev = here;
      prevResponse = it.content;
    }
  return null;
}

function step(prev: Conversation, response: string | null, delta: PromptDelta | undefined): Conversation {
  const base = response === null ? prev.messages : [...prev.messages, { role: 'assistant', content: response }];
  if (!delta) return { messages: base, complete: false };
  return { messages: applyDelta(base, delta), complete: prev.complete };
}
