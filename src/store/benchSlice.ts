/**
 * The benchmark tab's state: the config being edited, the benchmark shown (running, paused or finished), the
 * saved ones, and the matrix's phase. Every finished trial is written to the bench store (benchDb.ts) before
 * the next can start on its slot, so a reload resumes from there: a record left 'running' reopens as paused.
 */
import { fillFormFrom } from './runForm';
import type { StateCreator } from 'zustand';
import { version as APP_VERSION } from '../../package.json';
import { errorMessage } from '../core/error-message';
import { replay } from '../core/trajectory';
import { configFromUrl, DEFAULT_CONFIG } from '../bench/config';
import { expandMatrix, type MatrixScheduler } from '../bench/matrix';
import type { BenchConfig, BenchRecord, TrialResult } from '../bench/types';
import { memoryBench } from './benchDb';

/** The runner, engine prompts and task generators load with the first benchmark run, not with the page. */
const runner = () => import('./benchRun');
import { readBenchRecord } from './benchImport';
import type { AppState, BenchPool, StoreDeps } from './types';

export type BenchPhase =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number; startedAt: number }
  | { phase: 'paused'; done: number; total: number };

export interface BenchState {
  config: BenchConfig;
  current: BenchRecord | null;
  /** Saved benchmarks, newest first; their trials carry no events (openBench / openTrial load them). */
  saved: BenchRecord[];
  phase: BenchPhase;
  error: string | null;
}

export interface BenchSlice {
  bench: BenchState;
  setBenchConfig(cfg: BenchConfig): void;
  startBench(): Promise<void>;
  /** Starts nothing new; the trials in flight finish and are kept. */
  pauseBench(): void;
  resumeBench(): Promise<void>;
  /** Aborts the trials in flight; the finished ones stay saved. */
  cancelBench(): void;
  openBench(id: string): Promise<void>;
  deleteBench(id: string): Promise<void>;
  importBench(json: string): Promise<void>;
  /** Shows a trial's events in the run view, without adding it to the run history. */
  openTrial(key: string): Promise<void>;
  /** Reads the saved list; reopens an interrupted benchmark as paused (called once at start). */
  loadBenches(): Promise<void>;
}

/** The config a page starts with: the link's (`?tab=bench&tasks=…`, bench/config.ts), else the defaults. */
function initialConfig(search: string): { config: BenchConfig; error: string | null } {
  const fromUrl = configFromUrl(search);
  if (!fromUrl) return { config: structuredClone(DEFAULT_CONFIG), error: null };
  const error = fromUrl.problems.length ? `Some benchmark settings in the link were ignored: ${fromUrl.problems.join(' ')}` : null;
  return { config: fromUrl.config, error };
}

/** Why a config cannot start, in words the form can show; null when it can. */
export function configProblem(cfg: BenchConfig): string | null {
  if (!cfg.tasks.length) return 'Pick at least one task.';
  if (!cfg.models.length) return 'Pick at least one model.';
  if (!cfg.methods.length) return 'Pick at least one method.';
  if (!Number.isInteger(cfg.trials) || cfg.trials < 1) return 'Trials must be a whole number of at least 1.';
  if (cfg.tasks.includes('custom') && !cfg.custom?.cases.length) return 'The custom task needs a JSONL file of cases.';
  if (!expandMatrix(cfg).length) return 'This configuration has no trials (no sizes for the chosen tasks?).';
  return null;
}

const counted = (r: BenchRecord) => r.trials.filter((t) => t.status !== 'stopped').length;

/** Without a pool the app's own sandbox serves one trial at a time (tests, and pages without workers). */
function fallbackPool(deps: StoreDeps): BenchPool {
  return { acquire: async () => deps.sandbox, release: (s) => s.reset(), dispose: () => undefined };
}

export const createBenchSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], BenchSlice> =>
  (set, get) => {
    const store = deps.bench?.store ?? memoryBench();
    const makePool = (size: number) => deps.bench?.pool(size) ?? fallbackPool(deps);
    let scheduler: MatrixScheduler | null = null;
    let starting = false;
    const patch = (p: Partial<BenchState>) => set((s) => ({ bench: { ...s.bench, ...p } }));
    const fail = (what: string, e: unknown) => patch({ error: `${what}: ${errorMessage(e)}` });
    const refresh = async () => patch({ saved: await store.list() });
    const header = ({ trials: _t, ...h }: BenchRecord) => h;

    const onResult = async (r: TrialResult) => {
      if (r.status === 'stopped') return; // cut short by a cancel: not a result, and resume runs it again
      await store.saveTrial(r).catch((e) => fail('A trial could not be saved', e));
      set((s) => {
        const cur = s.bench.current;
        if (!cur || cur.id !== r.benchId) return {};
        const phase = s.bench.phase.phase === 'running' ? { ...s.bench.phase, done: s.bench.phase.done + 1 } : s.bench.phase;
        return { bench: { ...s.bench, current: { ...cur, trials: [...cur.trials, r] }, phase } };
      });
    };

    const run = async (record: BenchRecord) => {
      const total = expandMatrix(record.config).length;
      const running = { ...record, status: 'running' as const };
      await store.saveHeader(header(running));
      patch({ current: running, error: null, phase: { phase: 'running', done: counted(running), total, startedAt: deps.now() } });
      const { poolSize, startMatrix } = await runner();
      const pool = makePool(poolSize(record.config));
      let end: Awaited<ReturnType<typeof startMatrix>['done']> = 'cancelled';
      try {
        const m = startMatrix(get, deps, { record: running, pool, onResult });
        scheduler = m.scheduler;
        end = await m.done;
      } catch (e) {
        fail('The benchmark stopped', e);
      } finally {
        scheduler = null;
        pool.dispose();
      }
      const cur = get().bench.current!;
      const status = end === 'done' ? 'done' : end === 'paused' ? 'paused' : 'cancelled';
      const final = { ...cur, status } as BenchRecord;
      await store.saveHeader(header(final)).catch((e) => fail('The benchmark could not be saved', e));
      patch({ current: final, phase: status === 'paused' ? { phase: 'paused', done: counted(final), total } : { phase: 'idle' } });
      await refresh().catch(() => undefined);
    };

    /** Shows a record's results; `fillForm` puts its settings in the form too, so form and results agree. */
    const show = (record: BenchRecord, fillForm = true) => {
      const total = expandMatrix(record.config).length;
      patch({ current: record, error: null, ...(fillForm ? { config: structuredClone(record.config) } : {}), phase: record.status === 'paused' ? { phase: 'paused', done: counted(record), total } : { phase: 'idle' } });
    };

    return {
      bench: { ...initialConfig(deps.search), current: null, saved: [], phase: { phase: 'idle' } },
      setBenchConfig: (config) => patch({ config }),
      startBench: async () => {
        // `starting` covers the runner's first load, before the phase says running: a second click starts nothing.
        if (starting || get().bench.phase.phase === 'running') return;
        const config = structuredClone(get().bench.config);
        const problem = configProblem(config);
        if (problem) return patch({ error: problem });
        starting = true;
        try {
          const { enginePrompts } = await runner();
          const record: BenchRecord = {
            format: 'rlm-studio-bench', version: 1, id: deps.newId(), createdAt: deps.now(), appVersion: APP_VERSION, config,
            status: 'running', prompts: enginePrompts(config), trials: [],
          };
          await run(record).catch((e) => fail('The benchmark could not start', e));
        } finally {
          starting = false;
        }
      },
      pauseBench: () => scheduler?.pause(),
      resumeBench: async () => {
        const { current, phase } = get().bench;
        if (phase.phase !== 'paused' || !current) return;
        await run(current).catch((e) => fail('The benchmark could not resume', e));
      },
      cancelBench: () => {
        if (scheduler) return scheduler.cancel();
        const { current, phase } = get().bench;
        if (phase.phase !== 'paused' || !current) return;
        const cancelled = { ...current, status: 'cancelled' as const };
        patch({ current: cancelled, phase: { phase: 'idle' } });
        void store.saveHeader(header(cancelled)).then(refresh).catch((e) => fail('The benchmark could not be saved', e));
      },
      openBench: async (id) => {
        if (get().bench.phase.phase === 'running') return;
        const record = await store.load(id).catch((e) => void fail('The benchmark could not be read', e));
        if (record) show(record);
      },
      deleteBench: async (id) => {
        const { current, phase } = get().bench;
        if (current?.id === id && phase.phase === 'running') return;
        await store.remove(id).catch((e) => fail('The benchmark could not be deleted', e));
        if (current?.id === id) patch({ current: null, phase: { phase: 'idle' } });
        await refresh().catch(() => undefined);
      },
      importBench: async (json) => {
        if (get().bench.phase.phase === 'running') return patch({ error: 'Import after the running benchmark ends (or pause it).' });
        const read = readBenchRecord(json);
        if (!read.ok) return patch({ error: `Import failed: ${read.message}` });
        const taken = get().bench.saved.some((r) => r.id === read.record.id) || (await store.load(read.record.id)) !== null;
        const id = taken ? deps.newId() : read.record.id;
        const record = { ...read.record, id, trials: read.record.trials.map((t) => ({ ...t, benchId: id })) };
        await store.saveRecord(record).catch((e) => fail('The benchmark could not be saved', e));
        show(record);
        await refresh().catch(() => undefined);
      },
      openTrial: async (key) => {
        const cur = get().bench.current;
        if (!cur || get().runPhase.phase !== 'idle') return;
        let trial = cur.trials.find((t) => t.key === key);
        if (trial && !trial.events.length) trial = (await store.load(cur.id))?.trials.find((t) => t.key === key) ?? trial;
        if (!trial?.events.length) return patch({ error: 'This trial has no recorded events to show.' });
        const trajectory = replay(trial.events);
        // Not saveRun: a benchmark's trials stay out of the run history.
        set({ trajectory, runEvents: trial.events });
        if (trajectory) fillFormFrom(get, trajectory, cur.config.models[trial.spec.modelIndex]?.provider);
      },
      loadBenches: async () => {
        try {
          const saved = await store.list();
          patch({ saved });
          if (get().bench.current) return;
          const interrupted = saved.find((r) => r.status === 'running' || r.status === 'paused');
          const full = interrupted && (await store.load(interrupted.id));
          if (!full) return;
          // A 'running' record without a running matrix was cut off by a reload or crash: it resumes as paused.
          const paused = { ...full, status: 'paused' as const };
          await store.saveHeader(header(paused));
          // A link's matrix (?tab=bench&tasks=…) is what the user came for: it stays in the form.
          show(paused, !configFromUrl(deps.search));
        } catch (e) {
          fail('Saved benchmarks are unavailable', e);
        }
      },
    };
  };
