/** A benchmark from Node: the page's scheduler and trials (src/bench), providers from flags and the environment. */
import { createHash } from 'node:crypto';
import { callCost, DEFAULT_PRICES } from '../../core/cost';
import { enginePrompts, poolSize, runMatrix } from '../../bench/schedule';
import type { BenchConfig, BenchModel, BenchRecord, TrialResult } from '../../bench/types';
import { SandboxClient } from '../../sandbox/client';
import { SandboxPool } from '../../sandbox/pool';
import type { TransportFactory } from '../../sandbox/api';
import { makeProvider } from '../providers';
import { defaultClientOptions, defaultTransport } from '../sandbox-host';
import { presetOfUrl } from './models';
import { canonical, openShardFile, shardSpecs, SHARD_FORMAT, type Shard, type ShardHeader } from './shard';

export const APP_VERSION = 'rlm-studio-cli';

export interface BenchRunOptions {
  config: BenchConfig;
  shard?: Shard | null;
  /** Append-only JSONL of finished trials (resumable). */
  resultsFile?: string;
  transport?: TransportFactory;
  onTrial?(t: TrialResult, done: number, total: number): void;
  signal?: AbortSignal;
  now?: () => number;
  newId?: () => string;
  env?: NodeJS.ProcessEnv;
}

/** Same config, same id: every shard of one benchmark stamps its trials alike, so merged files read as one run. */
export const benchIdOf = (cfg: BenchConfig) => `bench-${createHash('sha256').update(canonical(cfg)).digest('hex').slice(0, 16)}`;

export function nodeProviderFor(env?: NodeJS.ProcessEnv) {
  return (m: BenchModel, host: string) => {
    if (m.provider === 'ollama') return makeProvider({ provider: 'ollama', host: host || env?.OLLAMA_HOST || undefined }, env);
    if (m.provider === 'anthropic') return makeProvider({ provider: 'anthropic', ...(host ? { baseURL: host } : {}) }, env);
    return makeProvider({ provider: 'openai', preset: presetOfUrl(host || undefined), ...(host ? { baseURL: host } : {}) }, env);
  };
}

export async function runBench(o: BenchRunOptions): Promise<{ record: BenchRecord; ran: number }> {
  const now = o.now ?? (() => Date.now());
  const cfg = o.config;
  const header: ShardHeader = {
    format: SHARD_FORMAT, version: 1, benchId: benchIdOf(cfg), createdAt: now(), appVersion: APP_VERSION, config: cfg,
    prompts: enginePrompts(cfg), shard: o.shard ?? { index: 0, count: 1 },
  };
  const file = o.resultsFile ? await openShardFile(o.resultsFile, header) : null;
  const specs = shardSpecs(cfg, o.shard ?? null);
  const mine = new Set(specs.map((s) => s.key));
  const trials: TrialResult[] = (file?.done ?? []).filter((t) => mine.has(t.key));
  const record: BenchRecord = {
    format: 'rlm-studio-bench', version: 1, id: header.benchId, createdAt: header.createdAt, appVersion: APP_VERSION, config: cfg,
    status: 'running', prompts: header.prompts, trials,
  };
  const transport = o.transport ?? defaultTransport;
  const pool = new SandboxPool(() => new SandboxClient(transport, defaultClientOptions(transport)), poolSize(cfg));
  let ran = 0;
  try {
    const m = runMatrix({
      record, pool, specs,
      providerFor: nodeProviderFor(o.env ?? process.env),
      price: (bm, model, usage, endpoint) => callCost(bm.provider, model, usage, DEFAULT_PRICES, endpoint),
      now, newId: o.newId ?? (() => globalThis.crypto.randomUUID()),
      onResult: async (t) => {
        if (t.status !== 'stopped') await file?.append(t);
        record.trials.push(t);
        ran++;
        o.onTrial?.(t, record.trials.length, specs.length);
      },
    });
    o.signal?.addEventListener('abort', () => m.scheduler.cancel());
    const end = await m.done;
    record.status = end === 'done' ? 'done' : end;
    // Matrix order, whatever order the trials finished in: two runs of one config list their trials alike.
    const order = new Map(specs.map((s, i) => [s.key, i]));
    record.trials.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
    return { record, ran };
  } finally {
    pool.dispose();
  }
}
