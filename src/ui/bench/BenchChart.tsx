import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dodged, type ChartData } from './chartData';

// Distinct hues, readable on the dark panel.
const COLOURS = ['#38bdf8', '#f472b6', '#a3e635', '#fbbf24', '#c084fc', '#2dd4bf', '#fb923c', '#e2e8f0'];
const AXIS = { stroke: '#94a3b8', grid: { stroke: '#1e293b' }, ticks: { stroke: '#334155' } };

function options(chart: ChartData, width: number, lines: boolean): uPlot.Options {
  const n = chart.xLabels.length;
  return {
    width,
    height: 220,
    title: chart.title,
    // A legend of names: the values under the cursor are in the table already.
    legend: { live: false },
    scales: { x: { time: false, range: [-0.5, n - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      { ...AXIS, splits: () => chart.xLabels.map((_, i) => i), values: (_u, splits) => splits.map((i) => chart.xLabels[i] ?? '') },
      { ...AXIS, label: chart.yLabel, size: 60 },
    ],
    series: [
      { label: chart.xName, value: (_u, v) => (v === null ? '' : (chart.xLabels[Math.round(v)] ?? '')) },
      ...chart.series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        width: lines ? 2 : 0,
        points: { show: true, size: 8, fill: COLOURS[i % COLOURS.length] },
        spanGaps: false,
      })),
    ],
  };
}

/** One uPlot chart on categorical x positions; `lines` joins the points (sizes), otherwise a dot per category (tasks). */
export function BenchChart({ chart, lines, testId }: { chart: ChartData; lines: boolean; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { xs, series } = dodged(chart);
    const data = [xs, ...series] as uPlot.AlignedData;
    const plot = new uPlot(options(chart, Math.max(280, el.clientWidth), lines), data, el);
    // Follow the panel's width (the side panel and window resize).
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [chart, lines]);
  return <div ref={box} data-testid={testId} role="img" aria-label={describeChart(chart)} className="bench-chart min-w-0" />;
}

/** The chart in words, for screen readers: every series' values at each x. */
export function describeChart(chart: ChartData): string {
  const parts = chart.series.map((s) => `${s.label}: ${s.values.map((v, i) => `${chart.xLabels[i]} ${v ?? 'no data'}`).join(', ')}`);
  return `${chart.title} (${chart.yLabel}). ${parts.join('; ')}`;
}
