import type { ChatMessage, Usage } from './types';
import type { UsageTotals } from './events';
import { addCost, zeroCost } from './cost';

export const zeroUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, estimated: false });

/** The usual rough rule for when a server reports nothing: ~4 characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateUsage(messages: ChatMessage[], output: string): Usage {
  const input = messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
  return { inputTokens: input, outputTokens: estimateTokens(output), estimated: true };
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
