/**
 * What the tab needs of the pure bench code (src/bench), behind one seam so the components take it as a prop.
 */
import type { BenchConfig, BenchModel, BenchRecord, TaskCase, TaskDef, TrialResult } from '../../bench/types';
import type { TableRow } from './ResultsTable';

/** A preset (src/bench/config.ts): its config for the models the providers list now, some pre-ticked. */
export interface BenchPreset {
  name: string;
  description: string;
  build(available: BenchModel[]): BenchConfig;
}

export type ParsedCases = { ok: true; cases: TaskCase[] } | { ok: false; line: number; message: string };

export interface BenchLib {
  tasks: TaskDef[];
  presets: BenchPreset[];
  /** The table's rows (one per model × method × task × size), from the trials that ran. */
  /** Trials in the config's matrix. */
  total(config: BenchConfig): number;
  rows(trials: TrialResult[], config: BenchConfig): TableRow[];
  /** minRLM-style sentences, with "may not differ" when intervals overlap. */
  sentences(trials: TrialResult[], config: BenchConfig): string[];
  exportCsv(record: BenchRecord): string;
  exportJson(record: BenchRecord): string;
  exportMarkdown(record: BenchRecord): string;
  validateConfig(json: unknown): { ok: true; config: BenchConfig } | { ok: false; message: string };
  parseCases(jsonl: string, files?: Map<string, string>): ParsedCases;
}
