import type { BenchRecord } from '../../bench/types';
import { downloadText } from './download';
import type { BenchLib } from './lib';

const button = 'rounded border border-slate-600 px-2 py-1 text-xs text-slate-200 hover:bg-slate-800';

export function ExportButtons({ lib, record }: { lib: BenchLib; record: BenchRecord }) {
  const base = `bench-${new Date(record.createdAt).toISOString().slice(0, 16).replace(/[:T]/g, '-')}`;
  return (
    <span className="flex gap-2">
      <button type="button" data-testid="bench-export-csv" className={button} onClick={() => downloadText(`${base}.csv`, lib.exportCsv(record), 'text/csv')}>
        CSV
      </button>
      <button type="button" data-testid="bench-export-json" className={button} onClick={() => downloadText(`${base}.json`, lib.exportJson(record), 'application/json')}>
        JSON
      </button>
      <button type="button" data-testid="bench-export-md" className={button} onClick={() => downloadText(`${base}.md`, lib.exportMarkdown(record), 'text/markdown')}>
        Markdown
      </button>
    </span>
  );
}
