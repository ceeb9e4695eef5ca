import type { PromptDelta, PromptMessage } from './events';

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
