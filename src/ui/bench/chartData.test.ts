import { describe, expect, it } from 'vitest';
import { accuracyCharts, perTaskCharts, type ChartRow } from './chartData';

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
