import type { Usage } from '../../core/types';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
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
