import type { ChatMessage, Usage } from './types';
import type { UsageTotals } from './events';
import { addCost, zeroCost } from './cost';

const zeroUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, estimated: false });

/**
 * The usual rough rule for when a server reports nothing: ~4 characters per token. It takes a count, not the
 * text, because a streaming provider counts characters as they pass and does not keep them.
 */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function messagesChars(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + m.content.length, 0);
}

/** Every count estimated: what a call is charged when its stream ended without a usage report. */
export function estimateUsage(messages: readonly ChatMessage[], outputChars: number): Usage {
  return { inputTokens: estimateTokens(messagesChars(messages)), outputTokens: estimateTokens(outputChars), estimated: true };
}

/** A sum is estimated as soon as any part of it is. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    estimated: a.estimated || b.estimated,
  };
}

export function emptyTotals(): UsageTotals {
  return { root: { ...zeroUsage(), calls: 0, cost: zeroCost() }, sub: { ...zeroUsage(), calls: 0, cost: zeroCost() } };
}

export function addCall(totals: UsageTotals, who: 'root' | 'sub', u: Usage, cost: number | null): void {
  const t = totals[who];
  totals[who] = { ...addUsage(t, u), calls: t.calls + 1, cost: addCost(t.cost, cost) };
}
