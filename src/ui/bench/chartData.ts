/**
 * What the bench charts draw, from the summary rows (model × method × task × size). Pure, so the numbers
 * a chart shows are tested without a canvas.
 */
import type { BenchMethod, TaskId } from '../../bench/types';
import { formatSize } from './eta';

export interface ChartRow {
  model: string;
  method: BenchMethod;
  task: TaskId;
  size: number;
  /** 0..1, null when no trial of the cell was scored (every one errored or exceeded the context). */
  acc: number | null;
  /** Null when no trial of the cell ran (every one exceeded the context or was stopped). */
  tokensIn: number | null;
  tokensOut: number | null;
  avgTimeMs: number | null;
}

export interface ChartData {
  title: string;
  /** Category labels under the x positions 0..n-1. */
  xLabels: string[];
  /** What the x positions are ("size", "task"). */
  xName: string;
  yLabel: string;
  series: { label: string; values: (number | null)[] }[];
}

const seriesKey = (r: ChartRow) => `${r.model} · ${r.method}`;

function seriesOf(rows: ChartRow[]): string[] {
  return [...new Set(rows.map(seriesKey))];
}

/** One chart per task: accuracy (%) against the task's sizes, one line per model × method. */
export function accuracyCharts(rows: ChartRow[]): ChartData[] {
  const tasks = [...new Set(rows.map((r) => r.task))];
  return tasks.map((task) => {
    const mine = rows.filter((r) => r.task === task);
    const sizes = [...new Set(mine.map((r) => r.size))].sort((a, b) => a - b);
    return {
      title: `${task}: accuracy vs context size`,
      xLabels: sizes.map((s) => (s ? formatSize(s) : 'cases')),
      xName: 'size',
      yLabel: 'accuracy %',
      series: seriesOf(mine).map((label) => ({
        label,
        values: sizes.map((size) => {
          const r = mine.find((x) => x.size === size && seriesKey(x) === label);
          return r && r.acc !== null ? Math.round(r.acc * 1000) / 10 : null;
        }),
      })),
    };
  });
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Per task, one bar per model × method: mean tokens (in + out) and mean latency over the task's sizes. */
export function perTaskCharts(rows: ChartRow[]): { tokens: ChartData; latency: ChartData } {
  const tasks = [...new Set(rows.map((r) => r.task))];
  const labels = seriesOf(rows);
  const pick = (f: (r: ChartRow) => number | null, digits = 0) =>
    labels.map((label) => ({
      label,
      values: tasks.map((t) => {
        const v = mean(rows.filter((r) => r.task === t && seriesKey(r) === label).map(f).filter((x): x is number => x !== null));
        return v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
      }),
    }));
  return {
    tokens: { title: 'Tokens per trial (in + out)', xLabels: tasks, xName: 'task', yLabel: 'tokens', series: pick((r) => (r.tokensIn === null ? null : r.tokensIn + (r.tokensOut ?? 0))) },
    latency: { title: 'Time per trial', xLabels: tasks, xName: 'task', yLabel: 'seconds', series: pick((r) => (r.avgTimeMs === null ? null : r.avgTimeMs / 1000), 2) },
  };
}

/** What uPlot draws: x positions, and each series' values at them (undefined: not this series' position). */
export interface PlotData {
  xs: number[];
  series: (number | null | undefined)[][];
}

/**
 * Every series at its own small offset around each category, so equal values (three models at 100 %) show as
 * side-by-side points rather than one dot on top of the others. A series has a value only at its own positions;
 * uPlot joins a line across `undefined` but breaks it at `null` (no data for that cell).
 */
export function dodged(chart: ChartData): PlotData {
  const k = chart.series.length;
  const spread = k > 1 ? Math.min(0.5, 0.12 * (k - 1)) : 0;
  const offset = (s: number) => (k > 1 ? -spread / 2 + (s * spread) / (k - 1) : 0);
  const xs = chart.xLabels.flatMap((_, i) => chart.series.map((__, s) => i + offset(s)));
  const series = chart.series.map((sr, s) => xs.map((_, j) => (j % k === s ? sr.values[Math.floor(j / k)] : undefined)));
  return { xs, series };
}
