/**
 * The bench's headline figures: each is in the JSON on every run, `null` (with a `<key>_note`) when it could not be
 * measured. `BENCH_CI=1` fails when any is missing, so an instrument that breaks (a renamed button, a phase that
 * throws) is noticed the day it breaks. Speed is not judged there: timings on shared machines are noisy.
 */
export const HEADLINE_KEYS = [
  'sandbox_ready_first_ms', 'sandbox_ready_repeat_ms', 'exec_roundtrip_ms', 'llm_query_overhead_ms',
  'batch64_wall_ratio', 'context_load_mbps_100mb', 'context_load_mbps_500mb', 're_search_100mb_ms',
  'max_context_mb', 'peak_renderer_mb_500mb', 'peak_renderer_ratio_500mb',
  'niah2_first_run_ms_1k', 'niah2_run_ms_1k', 'niah2_run_ms_1m',
  'bundle_kb_gzip', 'bundle_css_kb_gzip', 'precache_mb', 'import_ms_10mb_jsonl', 'import_ms_10mb_jsonl_node',
  'step_ms_p95_1000', 'longtask_ms_max_streaming', 'bench_trial_overhead_ms', 'bench_matrix_100_s',
  'bench_pool_mb_per_sandbox', 'history_save_ms_iter10', 'history_save_ms_iter1000', 'history_save_bytes_iter10',
  'history_save_bytes_iter1000', 'inpage_load_ms_cold', 'inpage_load_ms_cache', 'inpage_call_overhead_ms', 'inpage_wasm_kb',
];

/** The keys whose figure is absent, null or not a finite number. */
export function missingHeadlines(result: Record<string, unknown>, keys: readonly string[] = HEADLINE_KEYS): string[] {
  return keys.filter((k) => {
    const v = result[k];
    return typeof v !== 'number' || !Number.isFinite(v);
  });
}
