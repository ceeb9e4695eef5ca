/** The tab's BenchLib from src/bench: tasks, stats, exports, config checks and presets. */
import { PRESETS, validateConfig } from '../../bench/config';
import { parseCases } from '../../bench/custom';
import { expandMatrix } from '../../bench/matrix';
import { toCsv, toJson, toMarkdown } from '../../bench/exportResults';
import { comparisons, summarise } from '../../bench/stats';
import { TASKS } from '../../bench/tasks';
import type { BenchLib } from './lib';
import { tableRows } from './ResultsTable';

export const benchLib: BenchLib = {
  tasks: Object.values(TASKS),
  presets: PRESETS,
  total: (cfg) => expandMatrix(cfg).length,
  rows: (trials, cfg) => tableRows(summarise(trials), cfg.models, cfg.tasks),
  sentences: (trials, cfg) => comparisons(summarise(trials), cfg.models),
  exportCsv: (r) => toCsv(r),
  exportJson: (r) => toJson(r),
  exportMarkdown: (r) => toMarkdown(r),
  validateConfig,
  parseCases,
};
