/**
 * `inpage`: the in-page model (issue 16) with the tiny test model (tools/gguf), in headless Chromium:
 * - `inpage_load_ms_cold`: a fresh profile, from nothing to ready: wllama's chunk, its wasm (compiled), the download
 *   into OPFS and llama.cpp's load; `inpage_load_ms_cache`: the same URL again (from OPFS, no request).
 * - `inpage_call_overhead_ms`: median wall time of one provider call minus llama.cpp's own time (prompt + generation
 *   from its timings) for the same messages: what the worker hop, the chat template and our streaming cost.
 * - `inpage_wasm_kb` / `_gzip`, `inpage_chunk_kb_gzip`: what a user downloads once to use the provider.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { tinyModel } from '../gguf/tiny-model';
import { median, r } from './stats';

type Json = Record<string, unknown>;

export interface InpageDeps {
  base: string;
  outDir: string;
  quick: boolean;
  log(msg: string): void;
  withBenchPage<T>(label: string, fn: (page: Page) => Promise<T>): Promise<T>;
}

function sizes(out: Json): void {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@wllama/wllama'));
  const wasm = readFileSync(path.join(dir, 'wasm/wllama.wasm'));
  out.inpage_wasm_kb = Math.round(statSync(path.join(dir, 'wasm/wllama.wasm')).size / 1000);
  out.inpage_wasm_kb_gzip = Math.round(gzipSync(wasm).length / 1000);
  out.inpage_chunk_kb_gzip = Math.round(gzipSync(readFileSync(path.join(dir, 'index.js'))).length / 1000);
}

export async function phaseInpage(d: InpageDeps, out: Json, notes: Json): Promise<void> {
  sizes(out);
  mkdirSync(path.join(d.outDir, 'test-models'), { recursive: true });
  writeFileSync(path.join(d.outDir, 'test-models/rlm-tiny.gguf'), tinyModel('reply'));
  const url = `${d.base}test-models/rlm-tiny.gguf`;
  const loads = await d.withBenchPage('inpage loads', (page) => page.evaluate((u) => window.benchInpage.loads(u), url));
  d.log(`in-page loads: ${JSON.stringify(loads)}`);
  if (loads.coldSource !== 'url' || loads.cacheSource !== 'cache') throw new Error(`in-page load went wrong: ${JSON.stringify(loads)}`);
  out.inpage_load_ms_cold = r(loads.coldMs);
  out.inpage_load_ms_cache = r(loads.cacheMs);
  const n = d.quick ? 5 : 20;
  const calls = await d.withBenchPage('inpage calls', (page) => page.evaluate(([u, k]) => window.benchInpage.calls(u, k), [url, n] as const));
  const wall = median(calls.wall.slice(1));
  const llama = median(calls.llama.slice(1));
  out.inpage_call_ms = r(wall);
  out.inpage_llama_ms = r(llama);
  out.inpage_call_overhead_ms = wall !== null && llama !== null ? r(wall - llama) : null;
  notes.inpage_note =
    `tiny test model (${tinyModel().length} bytes), ${loads.threads} thread(s); call figures are medians of ${n - 1} calls after a warm-up`;
}
