/**
 * Running a benchmark from the store: providers per (model, host) from the user's provider settings and keys,
 * a sandbox pool for the RLM trials, the scheduler, and every finished trial handed back at once.
 */
import { callCost } from '../core/cost';
import { NO_SUBCALLS_NOTE, recursionNote } from '../core/recursion-prompt';
import { resolveSettings } from '../core/settings';
import { defaultSystemPrompt } from '../core/strategies';
import type { ChatProvider } from '../core/types';
import { expandMatrix, hostKey, MatrixScheduler, type MatrixEnd } from '../bench/matrix';
import { caseFor } from '../bench/cases';
import { failedTrial, runTrial } from '../bench/runner';
import { scoreAnswer } from '../bench/score';
import type { BenchConfig, BenchModel, BenchRecord, TrialResult } from '../bench/types';
import { vanillaMessages } from '../bench/vanilla';
import { LeastBusyProvider } from '../bench/hostPool';
import { providerConfig } from './settings';
import type { AppState, BenchPool, StoreDeps } from './types';

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

function providerFor(s: AppState, deps: StoreDeps, m: BenchModel, host: string): ChatProvider {
  const base = providerConfig(m.provider, s.settings, s.keys[m.provider] ?? '');
  if (!host || base.kind === 'inpage') return deps.createProvider(base);
  if (base.kind === 'ollama') return deps.createProvider({ kind: 'ollama', host, callTimeoutMs: base.callTimeoutMs });
  return deps.createProvider({ ...base, baseURL: host });
}

export interface MatrixHooks {
  record: BenchRecord;
  pool: BenchPool;
  onResult(r: TrialResult): Promise<void>;
}

/** Runs what is left of `record` (its finished keys are skipped); the scheduler is returned for pause/cancel. */
export function startMatrix(get: () => AppState, deps: StoreDeps, h: MatrixHooks): { scheduler: MatrixScheduler; done: Promise<MatrixEnd> } {
  const cfg = h.record.config;
  const providers = new Map<string, ChatProvider>();
  const provider = (m: BenchModel, host: string) => {
    const key = hostKey(m, host);
    if (!providers.has(key)) providers.set(key, providerFor(get(), deps, m, host));
    return providers.get(key)!;
  };
  // Calls in flight per host, shared by every trial: sub-calls go to the least busy of the model's hosts.
  const busy = new Map<string, number>();
  const member = (m: BenchModel, host: string) => ({ key: hostKey(m, host), provider: provider(m, host) });
  const hostsOf = (m: BenchModel) => (m.hosts.length ? m.hosts : ['']);
  const benchId = h.record.id;
  const scheduler = new MatrixScheduler({
    specs: expandMatrix(cfg),
    finished: new Set(h.record.trials.filter((t) => t.status !== 'stopped').map((t) => t.key)),
    models: cfg.models,
    perHost: cfg.perHost,
    slots: poolSize(cfg),
    failed: (spec, host, message) => failedTrial(benchId, spec, host, message, deps.now()),
    onResult: (r) => h.onResult(r),
    run: async (spec, host, signal) => {
      const m = cfg.models[spec.modelIndex];
      const p = new LeastBusyProvider([member(m, host)], busy);
      const sub = new LeastBusyProvider([host, ...hostsOf(m).filter((x) => x !== host)].map((x) => member(m, x)), busy);
      const sandbox = spec.method === 'vanilla' ? null : await h.pool.acquire(signal);
      try {
        const prices = get().settings.prices;
        return await runTrial(spec, cfg, {
          benchId, host, provider: p, subProvider: sub, sandbox, makeCase: caseFor, score: scoreAnswer, signal, now: deps.now, newId: deps.newId,
          price: (model, usage) => callCost(m.provider, model, usage, prices, p.endpoint),
        });
      } finally {
        if (sandbox) await h.pool.release(sandbox);
      }
    },
  });
  return { scheduler, done: scheduler.run() };
}
