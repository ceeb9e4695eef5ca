/**
 * The benchmark runner's own cost (`BENCH_ONLY=trials`), in the bench page (Chromium), instant fake LLM (latency 0,
 * chunk delay 0) with model `niah2` (turn 1 one re.search over `context`, turn 2 a prose FINAL), NIAH 10,000 lines:
 * - bench_trial_overhead_ms: per trial, wall minus the model's time (Σ response durationMs): case generation,
 *   loadContext into a pool sandbox, the engine loop, Python, scoring, the reset. One sandbox, trials one after
 *   another, the first (warm-up) dropped; median. Target ≤ 50.
 * - bench_matrix_100_s: 100 such trials through MatrixScheduler with 4 sandboxes (perHost 4 on the one fake host),
 *   first start → last end; the pool's start (4 workers from the boot snapshot) is reported apart. Target ≤ 15.
 * - bench_pool_mb_per_sandbox: the renderer's RSS with 4 ready pool sandboxes minus with 1, ÷ 3 (/proc, all
 *   renderer processes summed: a dedicated worker lives in its page's renderer).
 * - child_spawn_ms_namespace / child_spawn_ms_worker: a child RLM's REPL in the page, both designs (issue 9):
 *   a namespace in the running interpreter (what rlm_query uses) vs a worker from the boot snapshot; medians.
 * Also a round trip of the app's bench store (benchDb.ts) in real IndexedDB with 20 of those trials, and the time
 * to save one (bench_db_save_trial_ms): what a finished trial waits before its slot is freed.
 */
import type { Page } from '@playwright/test';
import type { MatrixFigures } from './trials-page';
import { treeMem } from './procs';
import { median, r } from './stats';

type Json = Record<string, unknown>;

export interface TrialsDeps {
  base: string;
  llmUrl: string;
  quick: boolean;
  /** BENCH_CI's smoke run: a 20-trial matrix under the same key (not comparable). */
  small?: boolean;
  log: (msg: string) => void;
  /** A fresh profile with the bench page open and the main sandbox ready (as the app's page has). */
  withBenchPage: <T>(label: string, fn: (page: Page, browserPid: number | null) => Promise<T>) => Promise<T>;
}

const LINES = 10_000;

function matrix(page: Page, llmUrl: string, trials: number, sandboxes: number): Promise<MatrixFigures> {
  return page.evaluate((o) => window.benchTrials.matrix(o), { llmUrl, model: 'niah2', lines: LINES, trials, sandboxes });
}

function checkAll(f: MatrixFigures, what: string): void {
  const bad = f.trials.filter((t) => t.status !== 'ok' || !t.correct);
  if (bad.length) throw new Error(`${what}: ${bad.length} trial(s) not ok and correct, e.g. ${bad[0].status}`);
}

const rendererMb = (pid: number | null) => (pid === null ? null : treeMem(pid).filter((m) => m.type === 'renderer').reduce((n, m) => n + m.rssMb, 0));

export async function phaseTrials(d: TrialsDeps, out: Json, notes: Json): Promise<void> {
  await d.withBenchPage('trials-overhead', async (page) => {
    const n = d.quick ? 6 : 21;
    const f = await matrix(page, d.llmUrl, n, 1);
    checkAll(f, 'overhead');
    const timed = f.trials.slice(1);
    const over = timed.map((t) => t.wallMs - t.modelMs);
    out.bench_trial_overhead_ms = r(median(over), 1);
    Object.assign(notes, {
      bench_trial_overhead_ms_n: over.length,
      bench_trial_overhead_ms_max: r(Math.max(...over), 1),
      bench_trial_wall_ms: r(median(timed.map((t) => t.wallMs)), 1),
      bench_trial_model_ms: r(median(timed.map((t) => t.modelMs)), 1),
      bench_trial_python_ms: r(median(timed.map((t) => t.execMs)), 1),
      bench_trial_check: (out.bench_trial_overhead_ms as number) <= 50 ? 'ok (≤ 50 ms)' : 'over the 50 ms target',
    });
    d.log(`trial overhead ${out.bench_trial_overhead_ms} ms (wall ${notes.bench_trial_wall_ms}, model ${notes.bench_trial_model_ms}, Python ${notes.bench_trial_python_ms})`);
  });
  await d.withBenchPage('trials-matrix', async (page) => {
    const f = await matrix(page, d.llmUrl, d.small ? 20 : 100, 4);
    checkAll(f, 'matrix');
    out.bench_matrix_100_s = r(f.wallMs / 1000, 2);
    Object.assign(notes, {
      bench_matrix_100_pool_start_ms: r(f.poolStartMs, 0),
      bench_matrix_100_with_pool_start_s: r((f.wallMs + f.poolStartMs) / 1000, 2),
      bench_matrix_100_trial_wall_ms_median: r(median(f.trials.map((t) => t.wallMs)), 1),
      bench_matrix_check: (out.bench_matrix_100_s as number) <= 15 ? 'ok (≤ 15 s)' : 'over the 15 s target',
    });
    const db = await page.evaluate(() => window.benchTrials.dbRoundTrip());
    Object.assign(notes, { bench_db_save_trial_ms: r(median(db.saveTrialMs), 1), bench_db_roundtrip: `ok (${db.trials} trials saved, listed, loaded, removed)` });
    d.log(`100 trials on 4 sandboxes: ${out.bench_matrix_100_s} s (+ pool start ${notes.bench_matrix_100_pool_start_ms} ms)`);
  });
  await d.withBenchPage('child-spawn', async (page) => {
    const c = await page.evaluate(([a, b]) => window.benchTrials.childSpawn(a, b), [d.quick ? 10 : 40, d.quick ? 2 : 5] as const);
    out.child_spawn_ms_namespace = r(median(c.namespaceMs), 2);
    out.child_spawn_ms_worker = r(median(c.workerMs), 0);
    Object.assign(notes, {
      child_spawn_n: `${c.namespaceMs.length} namespaces, ${c.workerMs.length} workers`,
      child_spawn_design: 'namespaces (src/sandbox/child.ts): a child lives only while its parent block waits; a worker costs ' +
        'its boot and ~bench_pool_mb_per_sandbox MB; siblings share one heap but not variables; Stop interrupts the one interpreter',
    });
    d.log(`child REPL spawn: namespace ${out.child_spawn_ms_namespace} ms, worker from the snapshot ${out.child_spawn_ms_worker} ms`);
  });
  await d.withBenchPage('trials-memory', async (page, pid) => {
    if (pid === null) throw new Error('could not find the Chromium process in /proc');
    await page.evaluate(() => window.benchTrials.hold(1, 4));
    await page.waitForTimeout(1000);
    const one = rendererMb(pid)!;
    await page.evaluate(() => window.benchTrials.hold(3, 4));
    await page.waitForTimeout(1000);
    const four = rendererMb(pid)!;
    out.bench_pool_mb_per_sandbox = r((four - one) / 3, 0);
    Object.assign(notes, { bench_pool_renderer_mb_1: r(one, 0), bench_pool_renderer_mb_4: r(four, 0) });
    d.log(`pool memory: renderers ${one.toFixed(0)} MB with 1 pool sandbox, ${four.toFixed(0)} MB with 4 → ${out.bench_pool_mb_per_sandbox} MB each`);
  });
}
