import { useMemo } from 'react';
import { BenchChart } from './BenchChart';
import { accuracyCharts, perTaskCharts } from './chartData';
import type { TableRow } from './ResultsTable';

/** Accuracy vs context size per model × method (one chart per task), then tokens and time per task. */
export function BenchCharts({ rows }: { rows: TableRow[] }) {
  const acc = useMemo(() => accuracyCharts(rows), [rows]);
  const per = useMemo(() => perTaskCharts(rows), [rows]);
  if (!rows.length) return null;
  return (
    <div className="grid gap-4 xl:grid-cols-2" data-testid="bench-charts">
      {acc.map((c) => (
        <BenchChart key={c.title} chart={c} lines testId="bench-chart-accuracy" />
      ))}
      <BenchChart chart={per.tokens} lines={false} testId="bench-chart-tokens" />
      <BenchChart chart={per.latency} lines={false} testId="bench-chart-latency" />
    </div>
  );
}
