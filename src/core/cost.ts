import type { ProviderKind, Usage } from './types';

/** US dollars per million tokens. */
export interface Price {
  input: number;
  output: number;
}

export type PriceTable = Record<string, Price>;

/**
 * Starting prices for commonly used hosted models, as published by their vendors
 * (USD per 1M tokens). Users edit the table in settings; prices change often.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
};

/**
 * Cost of one call, or null when we do not know the price (shown as "–",
 * never as a made-up 0). Models on Ollama run locally and cost nothing,
 * except `:cloud` models, which Ollama bills. So do OpenAI-compatible servers
 * on this machine or the local network (vLLM, llama.cpp, LM Studio), unless
 * the table names the model: a local proxy in front of a paid API is priced.
 */
export function callCost(kind: ProviderKind, model: string, usage: Usage, table: PriceTable, endpoint?: string): number | null {
  // The in-page model runs on the user's own CPU.
  if (kind === 'inpage') return 0;
  if (kind === 'ollama' && !model.endsWith(':cloud') && !model.includes('-cloud')) return 0;
  const price = lookup(model, table);
  if (!price) return kind === 'openai' && endpoint && isPrivateHost(endpoint) ? 0 : null;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

/**
 * Loopback, private-network (RFC 1918, IPv6 unique-local and link-local) or
 * mDNS (`*.local`) hosts: machines the user runs, not a billed service.
 */
export function isPrivateHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url.trim() : `http://${url.trim()}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  if (host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254) || a === 0;
}

/** Exact name first, then the longest table key the name starts with (dated snapshots, `-latest`). */
function lookup(model: string, table: PriceTable): Price | null {
  const name = model.replace(/^.*\//, '');
  if (table[name]) return table[name];
  let best: string | null = null;
  for (const key of Object.keys(table)) if (name.startsWith(key) && (!best || key.length > best.length)) best = key;
  return best ? table[best] : null;
}

/** Sum where unknown stays unknown: one unpriced call makes the total a lower bound. */
export interface CostSum {
  usd: number;
  complete: boolean;
}

export const zeroCost = (): CostSum => ({ usd: 0, complete: true });

export function addCost(sum: CostSum, c: number | null): CostSum {
  return c === null ? { usd: sum.usd, complete: false } : { usd: sum.usd + c, complete: sum.complete };
}
