/**
 * The benchmark runner in the bench page (`window.benchTrials`, called by trials.ts): the app's own SandboxPool of
 * createBrowserSandbox() workers, MatrixScheduler and runTrial (the real engine), the real Ollama provider against
 * the instant fake LLM, NIAH from src/bench/tasks. Every time is performance.now() in the page.
 */
import { createBrowserSandbox, type SandboxClient } from '../../src/sandbox';
import { SandboxPool } from '../../src/sandbox/pool';
import { createProvider } from '../../src/providers';
import { expandMatrix, MatrixScheduler } from '../../src/bench/matrix';
import { caseFor } from '../../src/bench/cases';
import { failedTrial, runTrial } from '../../src/bench/runner';
import { scoreAnswer } from '../../src/bench/score';
import type { BenchConfig, TrialResult } from '../../src/bench/types';
import { indexedDbBench } from '../../src/store/benchDb';

export interface MatrixOpts {
  llmUrl: string;
  model: string;
  lines: number;
  trials: number;
  sandboxes: number;
}

export interface TrialTimes {
  status: string;
  correct: boolean;
  wallMs: number;
  /** Σ of the root calls' durations (response events): the model's share. */
  modelMs: number;
  /** Σ of the blocks' durations (code-finished): Python's share. */
  execMs: number;
}

export interface MatrixFigures {
  /** Pool start: `sandboxes` workers created and ready (from the boot snapshot), before the first trial. */
  poolStartMs: number;
  /** First trial start → last trial end. */
  wallMs: number;
  trials: TrialTimes[];
}

let pool: SandboxPool<SandboxClient> | null = null;

/** Starts `n` pool members and waits until each is ready (the memory probe reads the renderer after). */
async function warm(n: number): Promise<number> {
  pool?.dispose();
  pool = new SandboxPool(() => createBrowserSandbox(), n);
  const t0 = performance.now();
  const members = await Promise.all(Array.from({ length: n }, () => pool!.acquire()));
  await Promise.all(members.map((m) => pool!.release(m)));
  return performance.now() - t0;
}

function times(r: TrialResult): TrialTimes {
  let modelMs = 0;
  let execMs = 0;
  for (const e of r.events) {
    if (e.type === 'response') modelMs += e.durationMs;
    if (e.type === 'code-finished') execMs += e.durationMs;
  }
  return { status: r.error ? `${r.status}: ${r.error}` : r.status, correct: r.score?.correct ?? false, wallMs: r.wallMs, modelMs, execMs };
}

async function matrix(o: MatrixOpts): Promise<MatrixFigures> {
  const poolStartMs = await warm(o.sandboxes);
  const cfg: BenchConfig = {
    tasks: ['niah'], lines: [o.lines], sizes: [], position: 'random', trials: o.trials, seed: 42, methods: ['rlm'],
    models: [{ provider: 'ollama', model: o.model, hosts: [o.llmUrl] }], perHost: o.sandboxes, engine: {},
    sandboxes: o.sandboxes,
  };
  const provider = createProvider({ kind: 'ollama', host: o.llmUrl });
  const results: TrialResult[] = [];
  const now = () => performance.now();
  const scheduler = new MatrixScheduler({
    specs: expandMatrix(cfg), finished: new Set(), models: cfg.models, perHost: cfg.perHost, slots: o.sandboxes,
    failed: (spec, host, m) => failedTrial('bench', spec, host, m, now()),
    onResult: (r) => void results.push(r),
    run: async (spec, host, signal) => {
      const sandbox = await pool!.acquire(signal);
      try {
        return await runTrial(spec, cfg, {
          benchId: 'bench', host, provider, sandbox, makeCase: caseFor, score: scoreAnswer, signal, now,
          newId: () => crypto.randomUUID(),
        });
      } finally {
        await pool!.release(sandbox);
      }
    },
  });
  const t0 = now();
  await scheduler.run();
  lastResults = results;
  return { poolStartMs, wallMs: now() - t0, trials: results.map(times) };
}

let lastResults: TrialResult[] = [];

/**
 * The app's bench store (src/store/benchDb.ts) in this page's real IndexedDB, with the last matrix's trials:
 * save each (timed, as a finishing trial is), list (events left out), load (events back), remove. Throws on a mismatch.
 */
async function dbRoundTrip(): Promise<{ saveTrialMs: number[]; trials: number }> {
  const store = indexedDbBench('rlm-bench-check');
  const id = 'bench';
  const trials = lastResults.slice(0, 20);
  if (!trials.length) throw new Error('run a matrix first');
  await store.saveHeader({ format: 'rlm-studio-bench', version: 1, id, createdAt: 1, appVersion: 'bench', config: {} as BenchConfig, status: 'running' });
  const saveTrialMs: number[] = [];
  for (const t of trials) {
    const t0 = performance.now();
    await store.saveTrial(t);
    saveTrialMs.push(performance.now() - t0);
  }
  const [listed] = await store.list();
  if (listed?.trials.length !== trials.length || listed.trials.some((t) => t.events.length)) throw new Error('list: wrong trials or events kept');
  const full = await store.load(id);
  const evs = (xs: TrialResult[]) => xs.map((t) => t.events.length).sort().join(',');
  if (!full || evs(full.trials) !== evs(trials)) throw new Error('load: the events did not come back');
  await store.remove(id);
  if ((await store.list()).length || (await store.load(id))) throw new Error('remove: something is left');
  return { saveTrialMs, trials: trials.length };
}

const held: SandboxClient[] = [];

/** Acquires `n` more members of one pool of `size` and keeps them (ready): the memory probe's steps. */
async function hold(n: number, size: number): Promise<number> {
  pool ??= new SandboxPool(() => createBrowserSandbox(), size);
  const t0 = performance.now();
  held.push(...(await Promise.all(Array.from({ length: n }, () => pool!.acquire()))));
  // Each one runs code, as a trial's would, so its heap is in use and not just reserved.
  await Promise.all(held.map((m) => m.exec('x = sum(range(1000))', { timeoutMs: 30_000, onSubcall: async () => '' })));
  return performance.now() - t0;
}

const noCalls = { timeoutMs: 30_000, onSubcall: async () => '' };

/**
 * A child RLM's REPL, both designs, spawn until it has run one block: a namespace in a ready sandbox's interpreter
 * (child.ts, what rlm_query uses) and a worker of its own (createBrowserSandbox, from the boot snapshot the page
 * keeps, as a pool member starts). Medians; the worker is disposed after each so only one runs at a time.
 */
async function childSpawn(namespaces: number, workers: number): Promise<{ namespaceMs: number[]; workerMs: number[] }> {
  const host = createBrowserSandbox();
  await host.whenReady();
  const signal = new AbortController().signal;
  const prompt = 'Summarise this part: ' + 'lorem ipsum '.repeat(85);
  const namespaceMs: number[] = [];
  for (let i = 0; i < namespaces; i++) {
    const t0 = performance.now();
    const child = await host.spawnRepl({ context: prompt, signal });
    const x = await child.exec('n = len(context)', noCalls);
    namespaceMs.push(performance.now() - t0);
    await child.dispose();
    if (!x.ok) throw new Error(x.stderr);
  }
  host.dispose();
  const workerMs: number[] = [];
  for (let i = 0; i < workers; i++) {
    const t0 = performance.now();
    const w = createBrowserSandbox();
    await w.whenReady();
    const x = await w.exec(`context = ${JSON.stringify(prompt)}\nn = len(context)`, noCalls);
    workerMs.push(performance.now() - t0);
    w.dispose();
    if (!x.ok) throw new Error(x.stderr);
  }
  return { namespaceMs, workerMs };
}

export const trialsApi = {
  matrix,
  childSpawn,
  dbRoundTrip,
  hold,
  dispose: () => {
    pool?.dispose();
    pool = null;
    held.length = 0;
  },
};

declare global {
  interface Window {
    benchTrials: typeof trialsApi;
  }
}
window.benchTrials = trialsApi;
