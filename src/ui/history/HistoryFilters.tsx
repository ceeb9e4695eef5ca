import type { RunSummary } from '../../store/types';
import { facets, type HistoryFilter } from './historySearch';

const field = 'min-w-0 rounded border border-slate-700 bg-slate-900 px-1.5 py-0.5 text-xs text-slate-200';

export function HistoryFilters({ history, filter, onChange }: { history: RunSummary[]; filter: HistoryFilter; onChange: (f: HistoryFilter) => void }) {
  const { statuses, models } = facets(history);
  return (
    <div className="space-y-1">
      <label className="block text-xs text-slate-400">
        <span className="sr-only">Search history</span>
        <input
          type="search"
          data-testid="history-search"
          placeholder="Search questions, answers, models"
          value={filter.query}
          onChange={(e) => onChange({ ...filter, query: e.target.value })}
          className={`${field} w-full`}
        />
      </label>
      <div className="flex gap-2">
        <label className="flex min-w-0 flex-1 items-center gap-1 text-xs text-slate-400">
          Status
          <select aria-label="Filter history by status" data-testid="history-status-filter" value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value })} className={`${field} flex-1`}>
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-1 items-center gap-1 text-xs text-slate-400">
          Model
          <select aria-label="Filter history by model" data-testid="history-model-filter" value={filter.model} onChange={(e) => onChange({ ...filter, model: e.target.value })} className={`${field} flex-1`}>
            <option value="">any</option>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
