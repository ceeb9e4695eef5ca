/**
 * `import_ms_10mb_jsonl`: reading back a long run. The file is made by the real engine (src/core/loop.ts) with a
 * provider and a REPL that answer at once: 1,000 iterations, each a ```repl block whose output is a few kB of log
 * lines (every 10th also makes one llm_query), ending in FINAL on iteration 1,000; exported with `toJsonl` and sized to
 * ~10 MB (each output is in the file twice: its `code-finished` event and the next call's prompt delta).
 * - Node: `importTrajectory(text)` + `replay(events)`, the page's own parse/validate/fold, without the UI.
 * - Page: the app's production build in a fresh profile; the file goes into the real `import-input`, and the time is
 *   taken inside the page from the input's `change` event (capture phase, before React's handler reads the file) to
 *   the run view saying 1,000 iterations (`run-stats`: `data-iterations`, or its "1000 iterations" badge). That covers
 *   File.text(), import, the IndexedDB save and read-back, replay and React rendering the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Console } from 'node:console';
import type { Page } from '@playwright/test';
import { build, createLogger, preview, type PreviewServer } from 'vite';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ExecOptions, ExecResult, Repl } from '../../src/core/types';
import type { RunEvent } from '../../src/core/events';
import { runRlm } from '../../src/core/loop';
import { toJsonl } from '../../src/core/export';
import { importTrajectory } from '../../src/core/import';
import { replay } from '../../src/core/trajectory';
import { median, r } from './stats';

type Json = Record<string, unknown>;

export const IMPORT_ITERATIONS = 1000;
/** REPL stdout per iteration; with the prompt delta's copy and the events around it the file is ~10 MB. */
const OUTPUT_CHARS = 4_350;
/** Issue 8: a 10 MB import shows its run within this. */
export const IMPORT_LIMIT_MS = 500;

/** The root model: a repl block per iteration, FINAL on the last one. Answers in one part, at once. */
class InstantRoot implements ChatProvider {
  readonly kind = 'openai' as const;
  readonly endpoint = 'bench://import';
  private calls = 0;
  async listModels() {
    return [{ name: 'bench' }];
  }
  async *chat(_messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    const i = ++this.calls;
    const text = i < IMPORT_ITERATIONS
      ? `Iteration ${i}: read the next slice of the log.\n\`\`\`repl\nchunk = context[${i - 1}*4096:${i}*4096]\nprint(chunk)\n\`\`\``
      : `All ${IMPORT_ITERATIONS} slices read.\nFINAL(slice ${IMPORT_ITERATIONS} was the last one)`;
    yield { type: 'text', text };
    yield { type: 'done', usage: { inputTokens: 1200 * i, outputTokens: 40, estimated: false }, model: opts.model };
  }
}

class InstantSub implements ChatProvider {
  readonly kind = 'openai' as const;
  readonly endpoint = 'bench://import-sub';
  async listModels() {
    return [{ name: 'bench-sub' }];
  }
  async *chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    yield { type: 'text', text: `summary of ${messages.at(-1)?.content.length ?? 0} chars: nothing unusual` };
    yield { type: 'done', usage: { inputTokens: 900, outputTokens: 8, estimated: false }, model: opts.model };
  }
}

/** Log lines that differ per iteration (so nothing is accidentally shared), `OUTPUT_CHARS` long. */
function output(i: number, chars: number): string {
  const lines: string[] = [];
  let n = 0;
  for (let k = 0; n < chars; k++) {
    const line = `2026-11-23T12:${String(i % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}.${k}Z INFO svc-${i % 17} ` +
      `GET /api/items/${(i * 7919 + k * 104729) % 1_000_000} 200 ${(i + k) % 97}ms user=${(i * k) % 4093}`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n').slice(0, chars);
}

class InstantRepl implements Repl {
  private calls = 0;
  constructor(private readonly outputChars: number) {}
  async exec(_code: string, opts: ExecOptions): Promise<ExecResult> {
    const i = ++this.calls;
    const stdout = output(i, this.outputChars);
    if (i % 10 === 0) await opts.onSubcall({ prompt: `Summarise:\n${stdout.slice(0, 600)}` }, new AbortController().signal);
    return { stdout, stderr: '', ok: true, final: null, durationMs: 3, variables: ['chunk'] };
  }
  async getVar(): Promise<string | null> {
    return null;
  }
}

/**
 * The JSONL of one 1,000-iteration run made by the real engine; deterministic (injected clock and ids). `outputChars`
 * per block (at most the run's maxOutputChars, 20,000, so nothing is truncated). Compaction is off: its summary call
 * would be one more root call, and 20 kB outputs fill the window long before iteration 1,000.
 */
export async function makeImportFile(outputChars = OUTPUT_CHARS): Promise<{ text: string; events: number }> {
  const events: RunEvent[] = [];
  let clock = Date.UTC(2026, 10, 23, 12);
  let id = 0;
  const outcome = await runRlm(
    { question: 'Which slice of the log is the last one?', context: null, rootModel: 'bench', subModel: 'bench-sub',
      settings: { maxIterations: IMPORT_ITERATIONS, maxOutputChars: 20_000, compactAt: 0 }, runId: 'bench-import-run' },
    { root: new InstantRoot(), sub: new InstantSub(), repl: new InstantRepl(outputChars), emit: (e) => events.push(e),
      now: () => (clock += 7), newId: () => `bench-id-${++id}` },
  );
  if (outcome.iterations !== IMPORT_ITERATIONS || outcome.via !== 'FINAL') {
    throw new Error(`the generated run has ${outcome.iterations} iterations ending ${outcome.via}`);
  }
  return { text: toJsonl(events), events: events.length };
}

/** import + replay in Node; checks the fold really holds every iteration. */
function nodeImportMs(text: string): number {
  const t0 = performance.now();
  const { events } = importTrajectory(text);
  const t = replay(events);
  const ms = performance.now() - t0;
  if (t?.iterations.length !== IMPORT_ITERATIONS || !t.final) throw new Error(`replay gave ${t?.iterations.length} iterations`);
  return ms;
}

export interface ImportDeps {
  repo: string;
  quick: boolean;
  /** BENCH_CI's smoke run: smaller work where a phase has a size knob. */
  small?: boolean;
  log: (msg: string) => void;
  withPage: <T>(label: string, fn: (page: Page) => Promise<T>) => Promise<T>;
  freePort: () => Promise<number>;
}

async function serveApp(repo: string, port: number): Promise<PreviewServer> {
  const customLogger = createLogger('warn', { console: new Console(process.stderr) });
  const common = { root: repo, configFile: path.join(repo, 'vite.config.ts'), customLogger, logLevel: 'warn' as const,
    build: { outDir: path.join(repo, '.bench/import-app'), emptyOutDir: true, reportCompressedSize: false } };
  await build(common);
  return preview({ ...common, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
}

/**
 * Installed before the file is set: resolves window.__importBench with the ms from the input's change event to the
 * run view showing `want` iterations. A string, not a function: tsx would wrap named inner functions in a `__name`
 * helper the page does not have.
 */
const ARM = `(want) => {
  const input = document.querySelector('[data-testid="import-input"]');
  if (!input) throw new Error('no import-input');
  let t0 = null;
  window.__importBench = new Promise((resolve, reject) => {
    const done = () => {
      const stats = document.querySelector('[data-testid="run-stats"]');
      if (!stats) return false;
      const n = stats.getAttribute('data-iterations');
      // The badges sit side by side without spaces ("done1000 iterations"): no \\b before the number.
      return n !== null ? Number(n) === want : new RegExp('(^|\\\\D)' + want + ' iterations').test(stats.textContent || '');
    };
    const obs = new MutationObserver(() => {
      if (t0 === null) return;
      if (done()) {
        const ms = performance.now() - t0;
        obs.disconnect();
        resolve(ms);
      } else if (/Import failed/.test(document.body.textContent || '')) {
        obs.disconnect();
        reject(new Error(document.body.textContent.match(/Import failed[^\\n]{0,300}/)[0]));
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    input.addEventListener('change', () => { t0 = performance.now(); }, { capture: true, once: true });
    setTimeout(() => { obs.disconnect(); reject(new Error('the run view did not show the import within 120 s')); }, 120000);
  });
}`;

async function pageImportMs(deps: ImportDeps, base: string, file: string, k: number): Promise<number> {
  return deps.withPage(`import#${k}`, async (page) => {
    await page.goto(base, { waitUntil: 'load' });
    // Pyodide boots at page load and competes for the 2 cores: import once it is up, as a user would.
    await page.locator('[data-testid="sandbox-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    await page.evaluate(`(${ARM})(${IMPORT_ITERATIONS})`);
    await page.getByTestId('import-input').setInputFiles(file);
    return (await page.evaluate('window.__importBench')) as number;
  });
}

export async function phaseImport(deps: ImportDeps, out: Json, notes: Json): Promise<void> {
  const t0 = performance.now();
  const { text, events } = await makeImportFile();
  const bytes = Buffer.byteLength(text);
  deps.log(`import: generated ${IMPORT_ITERATIONS} iterations, ${events} events, ${(bytes / 1e6).toFixed(1)} MB ` +
    `in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  Object.assign(notes, { import_file_mb: r(bytes / 1e6, 2), import_file_events: events, import_file_iterations: IMPORT_ITERATIONS,
    import_file_output_chars_per_iteration: OUTPUT_CHARS, import_limit_ms: IMPORT_LIMIT_MS });

  const first = nodeImportMs(text);
  const node: number[] = [];
  for (let k = 0; k < (deps.quick ? 3 : 7); k++) node.push(nodeImportMs(text));
  out.import_ms_10mb_jsonl_node = r(median(node), 0);
  Object.assign(notes, { import_ms_10mb_jsonl_node_first: r(first, 0), import_ms_10mb_jsonl_node_n: node.length });
  deps.log(`import (Node): first ${first.toFixed(0)} ms, then ${node.map((x) => x.toFixed(0)).join(', ')} ms`);

  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-import-'));
  const file = path.join(dir, 'long-run.jsonl');
  writeFileSync(file, text);
  const port = await deps.freePort();
  deps.log('building the app (vite.config.ts → .bench/import-app)…');
  const server = await serveApp(deps.repo, port);
  try {
    const page: number[] = [];
    for (let k = 0; k < (deps.quick ? 1 : 3); k++) page.push(await pageImportMs(deps, `http://127.0.0.1:${port}/`, file, k));
    out.import_ms_10mb_jsonl = r(median(page), 0);
    notes.import_ms_10mb_jsonl_n = page.length;
    notes.import_ms_10mb_jsonl_max = r(Math.max(...page), 0);
    deps.log(`import (page, fresh profile each): ${page.map((x) => x.toFixed(0)).join(', ')} ms`);
  } catch (e) {
    out.import_ms_10mb_jsonl = null;
    notes.import_ms_10mb_jsonl_note = `not measured: ${String((e as Error)?.message ?? e).slice(0, 400)}`;
    deps.log(`import_ms_10mb_jsonl: FAILED: ${notes.import_ms_10mb_jsonl_note}`);
  } finally {
    await new Promise<void>((res) => server.httpServer.close(() => res()));
    rmSync(dir, { recursive: true, force: true });
  }
  const figures = { import_ms_10mb_jsonl: out.import_ms_10mb_jsonl, import_ms_10mb_jsonl_node: out.import_ms_10mb_jsonl_node };
  const missing = Object.keys(figures).filter((k) => typeof figures[k as keyof typeof figures] !== 'number');
  const over = Object.entries(figures).filter(([, x]) => typeof x === 'number' && x > IMPORT_LIMIT_MS).map(([k]) => k);
  notes.import_check = missing.length ? `NOT MEASURED: ${missing.join(', ')}`
    : over.length ? `OVER ${IMPORT_LIMIT_MS} ms: ${over.join(', ')}` : `ok (both <= ${IMPORT_LIMIT_MS} ms)`;
  deps.log(`import: ${notes.import_check}`);
}
