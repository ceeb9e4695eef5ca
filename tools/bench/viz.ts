/**
 * `viz`: two of issue 8's "Speed" figures for the run view, in the app's production build in headless Chromium,
 * timed inside the page (viz-page.ts).
 * - `step_ms_p95_1000`: a 1,000-iteration run with 20 kB outputs (import.ts's engine-made file) imported, then ~100
 *   real key presses (ArrowRight/Left, Home, End through page.keyboard) across the run: keydown → the detail shows
 *   another iteration → the next animation frame. Target ≤ 16 ms.
 * - `longtask_ms_max_streaming`: a live run against the fake LLM whose scripted model makes 500 quick iterations,
 *   then streams iteration 501 at ~200 tokens/s (4-char chunks 5 ms apart, the script step's `pace`); the longest
 *   'longtask' entry during that stream (0 when none), with the longest frame gap beside it. Target ≤ 50 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Console } from 'node:console';
import type { Page } from '@playwright/test';
import { build, createLogger, preview, type PreviewServer } from 'vite';
import { createFakeLlmServer } from '../fake-llm/server';
import type { ScriptStep } from '../fake-llm/scripts';
import { IMPORT_ITERATIONS, makeImportFile, type ImportDeps } from './import';
import { STEP_PROBE, STREAM_PROBE } from './viz-page';
import { median, r } from './stats';

type Json = Record<string, unknown>;

export const STEP_LIMIT_MS = 16;
export const LONGTASK_LIMIT_MS = 50;
const STEP_OUTPUT_CHARS = 20_000;
const QUICK_ITERATIONS = 500;
/** BENCH_CI's smoke run: a shorter live run before the streamed answer (same key, not comparable). */
const SMALL_QUICK_ITERATIONS = 60;
/** 2,000 tokens at 200 tokens/s: a 10 s stream. */
const STREAM_TOKENS = 2_000;
const PACE = { chunkChars: 4, delayMs: 5 };

export function p95(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(0.95 * s.length) - 1];
}

async function serveApp(repo: string, port: number): Promise<PreviewServer> {
  const customLogger = createLogger('warn', { console: new Console(process.stderr) });
  const common = { root: repo, configFile: path.join(repo, 'vite.config.ts'), customLogger, logLevel: 'warn' as const,
    build: { outDir: path.join(repo, '.bench/viz-app'), emptyOutDir: true, reportCompressedSize: false } };
  await build(common);
  return preview({ ...common, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
}

interface Step { key: string; ms: number; commitMs: number; afterPaintMs: number; to: string; mutations: number }

/** 10 segments spread over the run: open iteration `start` by its URL hash (untimed), then 10 timed keys. */
function plan(): { start: number; keys: string[] }[] {
  return Array.from({ length: 10 }, (_, j) => ({
    start: 1 + j * 110, // the last segment starts at 991: room for 8 steps right
    keys: [...Array(8).fill('ArrowRight'), ...(j % 2 ? ['Home', 'ArrowRight'] : ['End', 'ArrowLeft'])],
  }));
}

/** Opens iteration n by the URL hash; checks it is still shown a moment later (the import's read-back resets the view). */
async function openIteration(page: Page, n: number): Promise<void> {
  const shown = page.locator(`[data-testid="iteration-detail"][data-iteration="${n}"]`);
  for (let tries = 0; tries < 5; tries++) {
    await page.evaluate((it) => {
      const p = new URLSearchParams(location.hash.slice(1));
      if (!p.get('run')) throw new Error(`no run in the URL hash "${location.hash}"`);
      p.set('it', String(it));
      location.hash = p.toString();
    }, n);
    await shown.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(400);
    if (await shown.count()) return;
  }
  throw new Error(`iteration ${n} did not stay open`);
}

async function press(page: Page, key: string): Promise<Step> {
  await page.evaluate('window.__vizArm()');
  await page.keyboard.press(key);
  try {
    return { key, ...((await page.evaluate('window.__vizStep')) as Omit<Step, 'key'>) };
  } catch (e) {
    const focus = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    throw new Error(`${key}: ${(e as Error).message} (focus on ${focus})`);
  }
}

/** Diagnosis only: the page's CPU profile over the timed steps, top functions by self time (minified names). */
async function startProfile(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const dt = new Map<number, number>();
    profile.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
    const self = new Map<string, number>();
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
    }
    return [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25)
      .map(([k, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  };
}

async function measureSteps(deps: ImportDeps, base: string, file: string): Promise<Step[]> {
  return deps.withPage('viz-steps', async (page) => {
    await page.goto(base, { waitUntil: 'load' });
    await page.locator('[data-testid="sandbox-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('import-input').setInputFiles(file);
    await page.locator(`[data-testid="run-stats"][data-iterations="${IMPORT_ITERATIONS}"]`).waitFor({ timeout: 120_000 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(STEP_PROBE);
    await openIteration(page, 500);
    for (let k = 0; k < 5; k++) await press(page, 'ArrowRight'); // warm-up: JIT, first layout of the panes
    const steps: Step[] = [];
    const profile = process.env.BENCH_VIZ_PROFILE ? await startProfile(page) : null;
    for (const seg of plan()) {
      await openIteration(page, seg.start);
      for (const key of seg.keys) steps.push(await press(page, key));
    }
    if (profile) deps.log(`viz steps: CPU self time by function (BENCH_VIZ_PROFILE):\n${await profile()}`);
    return steps;
  });
}

/** 500 quick repl iterations, then one long prose answer streamed at the paced rate, ending in FINAL. */
function streamScript(iterations: number): ScriptStep[] {
  const quick = Array.from({ length: iterations }, (_, i) =>
    `Step ${i + 1}.\n\`\`\`repl\nprint("line ${i + 1}")\n\`\`\``);
  const words = 'The log lines so far show steady traffic with no errors worth a closer look ';
  let prose = '';
  while (prose.length < STREAM_TOKENS * 4 - 40) prose += words;
  return [...quick, { content: `${prose}\nFINAL(all ${iterations} lines printed)`, pace: PACE }];
}

interface StreamResult {
  ms: number; longtasks: { start: number; dur: number }[]; longtaskMax: number; frameGapMax: number; frames: number;
  mutations: number; maxFrameMutations: number; mutationsByTestid: [string, number][]; sawBadge: boolean; t0: number;
}

async function measureStream(deps: ImportDeps, base: string): Promise<StreamResult & { chars: number; wallS: number }> {
  const fake = await createFakeLlmServer({ port: 0, latencyMs: 0, chunkDelayMs: 0 });
  try {
    const iterations = deps.small ? SMALL_QUICK_ITERATIONS : QUICK_ITERATIONS;
    const script = streamScript(iterations);
    const model = fake.scripts.register('viz-stream', script);
    const chars = (script.at(-1) as { content: string }).content.length;
    return await deps.withPage('viz-stream', async (page) => {
      const q = `?provider=ollama&host=${encodeURIComponent(fake.url)}&model=${encodeURIComponent(model)}` +
        `&maxIterations=${iterations + 100}`;
      await page.goto(base + q, { waitUntil: 'load' });
      await page.locator('[data-testid="sandbox-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
      await page.getByTestId('question-input').fill('Print every line, then summarise the log.');
      await page.evaluate(`(${STREAM_PROBE})(${iterations + 1})`);
      const t0 = Date.now();
      await page.getByTestId('run-button').click();
      const progress = setInterval(() => {
        page.getByTestId('timeline-strip').getAttribute('data-count', { timeout: 1000 })
          .then((n) => deps.log(`viz stream: ${n} iterations after ${((Date.now() - t0) / 1000).toFixed(0)} s`))
          .catch(() => undefined);
      }, 15_000);
      try {
        const res = (await page.evaluate('window.__vizStream')) as StreamResult;
        return { ...res, chars, wallS: (Date.now() - t0) / 1000 };
      } finally {
        clearInterval(progress);
      }
    });
  } finally {
    await fake.close();
  }
}

async function stepFigure(deps: ImportDeps, base: string, out: Json, notes: Json): Promise<void> {
  const { text } = await makeImportFile(STEP_OUTPUT_CHARS);
  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-viz-'));
  const file = path.join(dir, 'long-run-20k.jsonl');
  writeFileSync(file, text);
  try {
    const steps = await measureSteps(deps, base, file);
    const ms = steps.map((s) => s.ms);
    out.step_ms_p95_1000 = r(p95(ms), 1);
    const jumps = steps.filter((s) => s.key === 'Home' || s.key === 'End').map((s) => s.ms);
    Object.assign(notes, {
      step_ms_n: steps.length, step_ms_median_1000: r(median(ms), 1), step_ms_max_1000: r(Math.max(...ms), 1),
      step_ms_p95_1000_after_paint: r(p95(steps.map((s) => s.afterPaintMs)), 1),
      step_ms_jumps_max_1000: r(Math.max(...jumps), 1),
      step_commit_ms_median_1000: r(median(steps.map((s) => s.commitMs)), 1),
      step_commit_ms_p95_1000: r(p95(steps.map((s) => s.commitMs)), 1),
      step_mutations_median: median(steps.map((s) => s.mutations)),
      step_file_mb: r(Buffer.byteLength(text) / 1e6, 1), step_output_chars_per_block: STEP_OUTPUT_CHARS,
    });
    deps.log(`viz steps: p95 ${out.step_ms_p95_1000} ms, median ${notes.step_ms_median_1000}, max ${notes.step_ms_max_1000} ` +
      `(after paint p95 ${notes.step_ms_p95_1000_after_paint}; keydown → DOM change median ${notes.step_commit_ms_median_1000}, p95 ${notes.step_commit_ms_p95_1000}); slowest: ` +
      [...steps].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${s.key}→${s.to} ${s.ms.toFixed(1)} ms (DOM ${s.commitMs.toFixed(1)})`).join(', '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Stream = StreamResult & { chars: number; wallS: number };

function logStream(deps: ImportDeps, k: number, s: Stream): void {
  deps.log(`viz stream #${k}: ${s.longtasks.length} long tasks (${s.longtasks.map((e) => e.dur.toFixed(0)).join(', ')} ms, ` +
    `beginning ${s.longtasks.map((e) => (e.start - s.t0).toFixed(0)).join(', ')} ms into the stream), frame gap max ` +
    `${s.frameGapMax.toFixed(0)} ms over ${s.ms.toFixed(0)} ms (${(s.chars / 4 / (s.ms / 1000)).toFixed(0)} tokens/s), ` +
    `${(s.mutations / Math.max(1, s.frames)).toFixed(1)} mutations/frame; by testid ${JSON.stringify(s.mutationsByTestid)}`);
}

/** Each run a fresh profile; the headline is the median of the runs' longest tasks (other load inflates single runs). */
async function streamFigure(deps: ImportDeps, base: string, out: Json, notes: Json): Promise<void> {
  const runs: Stream[] = [];
  for (let k = 0; k < (deps.quick ? 1 : 3); k++) {
    runs.push(await measureStream(deps, base));
    logStream(deps, k, runs[k]);
  }
  const worst = runs.reduce((a, b) => (b.longtaskMax > a.longtaskMax ? b : a));
  out.longtask_ms_max_streaming = r(median(runs.map((s) => s.longtaskMax)), 1);
  out.frame_gap_ms_max_streaming = r(median(runs.map((s) => s.frameGapMax)), 1);
  Object.assign(notes, {
    longtask_ms_max_streaming_n: runs.length,
    longtask_ms_max_streaming_runs: runs.map((s) => r(s.longtaskMax, 1)),
    frame_gap_ms_max_streaming_runs: runs.map((s) => r(s.frameGapMax, 1)),
    streaming_ms: runs.map((s) => r(s.ms, 0)),
    streaming_tokens_per_s: runs.map((s) => r(s.chars / 4 / (s.ms / 1000), 0)),
    streaming_longtasks: runs.map((s) => s.longtasks.length),
    // The worst run's long tasks, and when each began in ms after the window opened (negative: began before it).
    streaming_worst_longtask_ms: worst.longtasks.map((e) => r(e.dur, 0)).slice(0, 20),
    streaming_worst_longtask_at_ms: worst.longtasks.map((e) => r(e.start - worst.t0, 0)).slice(0, 20),
    streaming_mutations_per_frame: runs.map((s) => r(s.mutations / Math.max(1, s.frames), 1)),
    streaming_mutations_max_frame: Math.max(...runs.map((s) => s.maxFrameMutations)),
    streaming_mutations_by_testid: worst.mutationsByTestid,
    streaming_badge_seen: runs.every((s) => s.sawBadge), streaming_run_wall_s: runs.map((s) => r(s.wallS, 0)),
  });
}

export async function phaseViz(deps: ImportDeps, out: Json, notes: Json): Promise<void> {
  const port = await deps.freePort();
  deps.log('building the app (vite.config.ts → .bench/viz-app)…');
  const server = await serveApp(deps.repo, port);
  const base = `http://127.0.0.1:${port}/`;
  const figures: [string, string, number, (d: ImportDeps, b: string, o: Json, n: Json) => Promise<void>][] = [
    ['step_ms_p95_1000', 'steps', STEP_LIMIT_MS, stepFigure],
    ['longtask_ms_max_streaming', 'streaming', LONGTASK_LIMIT_MS, streamFigure],
  ];
  const only = process.env.BENCH_VIZ?.split(',');
  const checks: string[] = [];
  try {
    for (const [key, name, limit, run] of figures) {
      if (only && !only.includes(name)) continue;
      try {
        await run(deps, base, out, notes);
        const x = out[key] as number;
        checks.push(x > limit ? `${key} OVER ${limit} ms` : `${key} ok (<= ${limit} ms)`);
      } catch (e) {
        out[key] = null;
        notes[`${key}_note`] = `not measured: ${String((e as Error)?.message ?? e).slice(0, 400)}`;
        checks.push(`${key} NOT MEASURED`);
        deps.log(`${key}: FAILED: ${notes[`${key}_note`]}`);
      }
    }
  } finally {
    await new Promise<void>((res) => server.httpServer.close(() => res()));
  }
  notes.viz_check = checks.join('; ');
  deps.log(`viz: ${notes.viz_check}`);
}
