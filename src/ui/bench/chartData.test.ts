import { describe, expect, it } from 'vitest';
import { accuracyCharts, dodged, perTaskCharts, type ChartRow } from './chartData';

const row = (p: Partial<ChartRow>): ChartRow => ({ model: 'a', method: 'rlm', task: 'sniah', size: 8000, acc: 1, tokensIn: 100, tokensOut: 10, avgTimeMs: 2000, ...p });

describe('bench chart data', () => {
  it('draws accuracy per task against sorted sizes, a gap where a cell has no scored trial', () => {
    const rows = [row({ size: 32000, acc: 0.5 }), row({ size: 8000, acc: 1 }), row({ method: 'vanilla', size: 32000, acc: null }), row({ method: 'vanilla', size: 8000, acc: 2 / 3 }), row({ task: 'niah', size: 1000, acc: 0 })];
    const [sniah, niah] = accuracyCharts(rows);
    expect(sniah.xLabels).toEqual(['8K', '32K']);
    expect(sniah.series).toEqual([
      { label: 'a · rlm', values: [100, 50] },
      { label: 'a · vanilla', values: [66.7, null] },
    ]);
    expect(niah.series).toEqual([{ label: 'a · rlm', values: [0] }]);
  });
  it('averages tokens and seconds over a task\'s sizes, per model × method', () => {
    const rows = [row({ tokensIn: 100, tokensOut: 0, avgTimeMs: 1000 }), row({ size: 32000, tokensIn: 300, tokensOut: 0, avgTimeMs: 3000 }), row({ model: 'b', task: 'niah', tokensIn: 7, tokensOut: 3 })];
    const { tokens, latency } = perTaskCharts(rows);
    expect(tokens.xLabels).toEqual(['sniah', 'niah']);
    expect(tokens.series).toEqual([
      { label: 'a · rlm', values: [200, null] },
      { label: 'b · rlm', values: [null, 10] },
    ]);
    expect(latency.series[0].values).toEqual([2, null]);
  });
});

describe('cells that did not run', () => {
  it('leave tokens and time out of the mean instead of counting them as 0', () => {
    const rows = [row({ tokensIn: 100, tokensOut: 0, avgTimeMs: 1000 }), row({ size: 32000, tokensIn: null, tokensOut: null, avgTimeMs: null })];
    const { tokens, latency } = perTaskCharts(rows);
    expect(tokens.series[0].values).toEqual([100]);
    expect(latency.series[0].values).toEqual([1]);
  });
});

describe('series with equal values', () => {
  it('each get their own x position near the category, so three at 100 % are three points, not one', () => {
    const rows = ['a', 'b', 'c'].flatMap((model) => [row({ model, size: 8000, acc: 1 }), row({ model, size: 32000, acc: model === 'c' ? null : 1 })]);
    const [chart] = accuracyCharts(rows);
    const { xs, series } = dodged(chart);
    const points = series.flatMap((vals) => vals.flatMap((v, j) => (v === undefined ? [] : [{ x: xs[j], v }])));
    // 3 series × 2 sizes: every cell drawn once, the gap (null) kept as a gap.
    expect(points).toHaveLength(6);
    expect(points.filter((p) => p.v === null)).toHaveLength(1);
    const at100 = points.filter((p) => p.v === 100 && Math.round(p.x) === 0).map((p) => p.x);
    expect(new Set(at100).size).toBe(3);
    // Offsets stay inside the category (labels sit at the integers) and x ascends, as uPlot requires.
    expect(xs.every((x, j) => Math.abs(x - Math.round(x)) < 0.3 && (j === 0 || x > xs[j - 1]))).toBe(true);
  });
  it('a single series sits on the category itself', () => {
    const [chart] = accuracyCharts([row({ size: 8000 }), row({ size: 32000 })]);
    expect(dodged(chart)).toEqual({ xs: [0, 1], series: [[100, 100]] });
  });
});
