/**
 * `history_save_ms_iter10` / `history_save_ms_iter1000`, `history_save_bytes_iter10` / `_iter1000`: what one history
 * checkpoint costs early and late in a 1,000-iteration run (page side: history-page.ts). A save must cost what
 * changed, not the run so far: the two should be about equal.
 */
import type { Page } from '@playwright/test';
import { median, r } from './stats';

type Json = Record<string, unknown>;
const ITERATIONS = 1000;
const OUTPUT_CHARS = 1000;

export interface HistoryDeps {
  log: (msg: string) => void;
  withBenchPage: <T>(label: string, fn: (page: Page) => Promise<T>) => Promise<T>;
}

/** The median of the figures for iterations `at - 5` … `at + 5` (1-based), within the run. */
const around = (xs: number[], at: number) => median(xs.slice(Math.max(0, at - 6), Math.min(xs.length, at + 5)))!;

export async function phaseHistory(d: HistoryDeps, out: Json, notes: Json): Promise<void> {
  try {
    const s = await d.withBenchPage('history', (page) =>
      page.evaluate(([n, c]) => window.benchHistory.saves(n, c), [ITERATIONS, OUTPUT_CHARS] as const));
    if (s.ms.length !== ITERATIONS) throw new Error(`the run made ${s.ms.length} checkpoints, not ${ITERATIONS}`);
    out.history_save_ms_iter10 = r(around(s.ms, 10), 2);
    out.history_save_ms_iter1000 = r(around(s.ms, ITERATIONS - 5), 2);
    out.history_save_bytes_iter10 = r(around(s.bytes, 10), 0);
    out.history_save_bytes_iter1000 = r(around(s.bytes, ITERATIONS - 5), 0);
    Object.assign(notes, {
      history_save_total_ms: r(s.ms.reduce((a, b) => a + b, 0), 0),
      history_save_total_bytes: s.bytes.reduce((a, b) => a + b, 0),
      history_save_run_events: s.events,
      history_save_output_chars_per_iteration: OUTPUT_CHARS,
    });
    d.log(`history: a checkpoint at iteration 10 ${out.history_save_ms_iter10} ms / ${out.history_save_bytes_iter10} B, ` +
      `at ${ITERATIONS} ${out.history_save_ms_iter1000} ms / ${out.history_save_bytes_iter1000} B ` +
      `(whole run ${notes.history_save_total_ms} ms, ${notes.history_save_total_bytes} B)`);
  } catch (e) {
    for (const k of ['history_save_ms_iter10', 'history_save_ms_iter1000', 'history_save_bytes_iter10', 'history_save_bytes_iter1000']) {
      out[k] = null;
      notes[`${k}_note`] = `not measured: ${String((e as Error)?.message ?? e).slice(0, 300)}`;
    }
    d.log(`history: FAILED: ${notes.history_save_ms_iter10_note}`);
  }
}
