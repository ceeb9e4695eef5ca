/**
 * Running what is left of a benchmark record, wherever the providers come from (the page's settings and keys, or the
 * CLI's flags and environment): one provider per (model, host), sub-calls on the least busy of the model's hosts, a
 * sandbox from the pool per RLM trial, every finished trial handed back at once.
 */
import { NO_SUBCALLS_NOTE, recursionNote } from '../core/recursion-prompt';
import { resolveSettings } from '../core/settings';
import { defaultSystemPrompt } from '../core/strategies';
import type { ChatProvider, Usage } from '../core/types';
import { caseFor } from './cases';
import { LeastBusyProvider } from './hostPool';
import { expandMatrix, hostKey, MatrixScheduler, type MatrixEnd } from './matrix';
import { failedTrial, runTrial, type TrialSandbox } from './runner';
import { scoreAnswer } from './score';
import type { BenchConfig, BenchModel, BenchRecord, TrialResult, TrialSpec } from './types';
import { vanillaMessages } from './vanilla';

/** What the bench needs of a sandbox pool (src/sandbox/pool.ts SandboxPool). */
export interface BenchPool {
  acquire(signal?: AbortSignal): Promise<TrialSandbox>;
  release(s: TrialSandbox): Promise<void>;
  dispose(): void;
}

/** Sandboxes for one benchmark when the config names none: the "small pool". */
export const DEFAULT_SANDBOXES = 4;

/** No more sandboxes than trials can run at once: every distinct host × perHost. */
export function poolSize(cfg: BenchConfig): number {
  const hosts = new Set(cfg.models.flatMap((m) => (m.hosts.length ? m.hosts : ['']).map((h) => hostKey(m, h))));
  return Math.max(1, Math.min(cfg.sandboxes ?? DEFAULT_SANDBOXES, hosts.size * Math.max(1, cfg.perHost)));
}

/** The prompts a benchmark's methods start from, stored with its result (provenance). */
export function enginePrompts(cfg: BenchConfig): NonNullable<BenchRecord['prompts']> {
  const s = resolveSettings(cfg.engine);
  const own = s.systemPrompt.trim() ? s.systemPrompt : null;
  const system = (note: string) => own ?? defaultSystemPrompt(s.strategy, { extraSections: [note] });
  return {
    rlm: system(recursionNote(s.maxDepth, 0)),
    'rlm-no-sub': system(NO_SUBCALLS_NOTE),
    vanilla: vanillaMessages('{question}', '{context}')[0].content,
  };
}

export interface MatrixHooks {
  record: BenchRecord;
  pool: BenchPool;
  onResult(r: TrialResult): Promise<void>;
  /** Serves model `m` on `host` ('' = the provider's configured one); called once per (model, host). */
  providerFor(m: BenchModel, host: string): ChatProvider;
  /** USD of one call, null when unknown. */
  price(m: BenchModel, model: string, usage: Usage, endpoint: string): number | null;
  /** Only these trials (a shard's slice); default every trial of the config. */
  specs?: TrialSpec[];
  now(): number;
  newId(): string;
}

/** Runs what is left of `record` (its finished keys are skipped); the scheduler is returned for pause/cancel. */
export function runMatrix(h: MatrixHooks): { scheduler: MatrixScheduler; done: Promise<MatrixEnd> } {
  const cfg = h.record.config;
  const providers = new Map<string, ChatProvider>();
  const provider = (m: BenchModel, host: string) => {
    const key = hostKey(m, host);
    if (!providers.has(key)) providers.set(key, h.providerFor(m, host));
    return providers.get(key)!;
  };
  // Calls in flight per host, shared by every trial: sub-calls go to the least busy of the model's hosts.
  const busy = new Map<string, number>();
  const member = (m: BenchModel, host: string) => ({ key: hostKey(m, host), provider: provider(m, host) });
  const hostsOf = (m: BenchModel) => (m.hosts.length ? m.hosts : ['']);
  const benchId = h.record.id;
  const scheduler = new MatrixScheduler({
    specs: h.specs ?? expandMatrix(cfg),
    finished: new Set(h.record.trials.filter((t) => t.status !== 'stopped').map((t) => t.key)),
    models: cfg.models,
    perHost: cfg.perHost,
    slots: poolSize(cfg),
    failed: (spec, host, message) => failedTrial(benchId, spec, host, message, h.now()),
    onResult: (r) => h.onResult(r),
    run: async (spec, host, signal) => {
      const m = cfg.models[spec.modelIndex];
      const p = new LeastBusyProvider([member(m, host)], busy);
      const sub = new LeastBusyProvider([host, ...hostsOf(m).filter((x) => x !== host)].map((x) => member(m, x)), busy);
      const sandbox = spec.method === 'vanilla' ? null : await h.pool.acquire(signal);
      try {
        return await runTrial(spec, cfg, {
          benchId, host, provider: p, subProvider: sub, sandbox, makeCase: caseFor, score: scoreAnswer, signal, now: h.now, newId: h.newId,
          price: (model, usage) => h.price(m, model, usage, p.endpoint),
        });
      } finally {
        if (sandbox) await h.pool.release(sandbox);
      }
    },
  });
  return { scheduler, done: scheduler.run() };
}
