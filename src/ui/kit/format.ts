import type { Usage } from '../../core/types';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

export const formatInt = (n: number) => n.toLocaleString('en-US');

export function formatUsage(u: Usage | undefined): string {
  if (!u) return '–';
  return `${u.estimated ? '~' : ''}${formatInt(u.inputTokens)} in / ${formatInt(u.outputTokens)} out`;
}

export function formatCost(usd: number | null | undefined, complete = true): string {
  if (usd === null || usd === undefined) return '$ –';
  if (usd === 0 && complete) return '$0';
  const v = usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2);
  return `${complete ? '' : '≥ '}$${v}`;
}
