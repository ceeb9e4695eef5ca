/**
 * The matrix: every trial of a config, in a fixed order under fixed keys (so a resumed or re-imported
 * benchmark names the same trials), and the scheduler that runs them: at most `perHost` trials at once on
 * any host (a local Ollama answers in parallel only as far as OLLAMA_NUM_PARALLEL allows), at most
 * `slots` in all (the sandbox pool), each trial on the least busy of its model's hosts.
 */
import { TASK_SIZE } from './tasks/ids';
import type { BenchConfig, BenchModel, TaskId, TrialResult, TrialSpec } from './types';

/** The sizes of a task's column, by its size knob; custom cases bring their own context (one size, 0). */
export function sizesFor(task: TaskId, cfg: BenchConfig): number[] {
  if (task === 'custom') return [0];
  return TASK_SIZE[task] === 'lines' ? cfg.lines : cfg.sizes;
}

/** Trials of one cell: custom runs each case `trials` times (trial t is case t mod cases). */
export function trialsFor(task: TaskId, cfg: BenchConfig): number {
  return task === 'custom' ? (cfg.custom?.cases.length ?? 0) * cfg.trials : cfg.trials;
}

export const trialKey = (s: Omit<TrialSpec, 'key'>) => `${s.task}|${s.size}|${s.modelIndex}|${s.method}|${s.trial}`;

/** Task × size × model × method × trial, in that order: trial 0 of every cell comes before trial 1 of any. */
export function expandMatrix(cfg: BenchConfig): TrialSpec[] {
  const cells: Omit<TrialSpec, 'key' | 'trial'>[] = [];
  for (const task of cfg.tasks)
    for (const size of sizesFor(task, cfg))
      for (let modelIndex = 0; modelIndex < cfg.models.length; modelIndex++)
        for (const method of cfg.methods) cells.push({ task, size, modelIndex, method });
  const most = Math.max(0, ...cfg.tasks.map((t) => trialsFor(t, cfg)));
  const out: TrialSpec[] = [];
  // Trial-major: a benchmark paused early already has a first trial of every cell to compare.
  for (let trial = 0; trial < most; trial++)
    for (const c of cells) if (trial < trialsFor(c.task, cfg)) out.push({ ...c, trial, key: trialKey({ ...c, trial }) });
  return out;
}

/** A host as the scheduler counts it: the same URL on two providers is two servers' worth of load only once. */
export const hostKey = (m: BenchModel, host: string) => `${m.provider} ${host}`;

export type MatrixEnd = 'done' | 'paused' | 'cancelled';

export interface SchedulerOptions {
  specs: TrialSpec[];
  /** Keys already finished (a resume): never run again. */
  finished: ReadonlySet<string>;
  models: BenchModel[];
  perHost: number;
  /** Trials at once in all (sandboxes in the pool). */
  slots: number;
  /** Runs one trial on `host`; should not throw (a throw becomes `failed`). */
  run(spec: TrialSpec, host: string, signal: AbortSignal): Promise<TrialResult>;
  failed(spec: TrialSpec, host: string, message: string): TrialResult;
  onStart?(spec: TrialSpec, host: string): void;
  /** Awaited before the trial's host and slot are freed: a result is saved before the next trial can start. */
  onResult(r: TrialResult): void | Promise<void>;
}

export class MatrixScheduler {
  private state: 'running' | 'paused' | 'cancelled' = 'running';
  private readonly load = new Map<string, number>();
  private readonly inFlight = new Map<string, AbortController>();
  private queue: TrialSpec[] = [];
  private wake: (() => void) | null = null;

  constructor(private readonly o: SchedulerOptions) {}

  /** Resolves once nothing is in flight and nothing more will start. */
  run(): Promise<MatrixEnd> {
    this.queue = this.o.specs.filter((s) => !this.o.finished.has(s.key));
    return new Promise<MatrixEnd>((resolve) => {
      this.wake = () => {
        if (this.state === 'running') this.fill();
        const idle = this.inFlight.size === 0;
        if (idle && (this.state !== 'running' || this.queue.length === 0)) {
          this.wake = null;
          resolve(this.state === 'running' ? 'done' : this.state);
        }
      };
      this.wake();
    });
  }

  /** Starts nothing new; trials in flight finish and are kept. */
  pause(): void {
    if (this.state === 'running') this.state = 'paused';
    this.wake?.();
  }

  /** Aborts the trials in flight too. */
  cancel(): void {
    this.state = 'cancelled';
    for (const c of this.inFlight.values()) c.abort();
    this.wake?.();
  }

  /** Trials in flight per host (for progress and tests). */
  loadOf(key: string): number {
    return this.load.get(key) ?? 0;
  }

  private fill(): void {
    while (this.inFlight.size < Math.max(1, this.o.slots)) {
      const next = this.pick();
      if (!next) return;
      this.start(next.spec, next.host);
    }
  }

  /** The first queued trial with a host below the limit, on its least busy host (ties: the first listed). */
  private pick(): { spec: TrialSpec; host: string } | null {
    const limit = Math.max(1, this.o.perHost);
    for (let i = 0; i < this.queue.length; i++) {
      const spec = this.queue[i];
      const model = this.o.models[spec.modelIndex];
      const hosts = model.hosts.length ? model.hosts : [''];
      let best: string | null = null;
      for (const h of hosts) {
        const n = this.loadOf(hostKey(model, h));
        if (n < limit && (best === null || n < this.loadOf(hostKey(model, best)))) best = h;
      }
      if (best !== null) {
        this.queue.splice(i, 1);
        return { spec, host: best };
      }
    }
    return null;
  }

  private start(spec: TrialSpec, host: string): void {
    const key = hostKey(this.o.models[spec.modelIndex], host);
    const ctrl = new AbortController();
    this.inFlight.set(spec.key, ctrl);
    this.load.set(key, this.loadOf(key) + 1);
    this.o.onStart?.(spec, host);
    void Promise.resolve()
      .then(() => this.o.run(spec, host, ctrl.signal))
      .catch((e: unknown) => this.o.failed(spec, host, e instanceof Error ? e.message : String(e)))
      .then((r) => this.o.onResult(r))
      .catch(() => undefined) // a result that could not be recorded must not stall the matrix
      .finally(() => {
        this.inFlight.delete(spec.key);
        this.load.set(key, this.loadOf(key) - 1);
        this.wake?.();
      });
  }
}
