/** The seed's boxed results table (Model, Provider, Acc, AvgTime, Iters) with our columns and the 95 % interval. */
import { cells } from '../../bench/exportResults';
import { summarise } from '../../bench/stats';
import type { BenchRecord } from '../../bench/types';

const COLUMNS = ['Model', 'Provider', 'Acc', 'AvgTime', 'Iters', 'Method', 'Task', 'Size', '95 % CI', 'Tokens in', 'Tokens out', 'Cost', 'Errors'] as const;

export function summaryRows(rec: BenchRecord) {
  return summarise(rec.trials).map((r) => {
    const c = cells(rec, r);
    const local = c.Provider === 'ollama' && !rec.config.models[r.modelIndex]?.hosts.length;
    return { ...c, Model: local ? `${c.Model} (local)` : c.Model, Acc: c.Acc ? `${c.Acc} (${c.Correct}/${c.Trials - c.Errors - c.Exceeds})` : c.Exceeds ? 'exceeds context' : '–' };
  });
}

export function boxTable(rec: BenchRecord): string {
  const rows = summaryRows(rec).map((r) => COLUMNS.map((k) => String(r[k] ?? '')));
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (xs: string[]) => `│ ${xs.map((x, i) => x.padEnd(widths[i])).join('  ')} │`;
  const inner = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) + 2;
  return [`╭${'─'.repeat(inner)}╮`, line([...COLUMNS]), `├${'─'.repeat(inner)}┤`, ...rows.map(line), `╰${'─'.repeat(inner)}╯`].join('\n') + '\n';
}
