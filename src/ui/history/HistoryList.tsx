import { useEffect } from 'react';
import { useApp } from '../../store';
import { formatMs } from '../kit/format';

export function HistoryList() {
  const history = useApp((s) => s.history);
  const error = useApp((s) => s.historyError);
  const notice = useApp((s) => s.historyNotice);
  const loadHistory = useApp((s) => s.loadHistory);
  const openRun = useApp((s) => s.openRun);
  const deleteRun = useApp((s) => s.deleteRun);
  const current = useApp((s) => s.trajectory?.runId);
  const importRun = useApp((s) => s.importRun);

  useEffect(() => void loadHistory(), [loadHistory]);

  return (
    <section className="space-y-2">
      <div className="flex items-center">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-400">History</h2>
        <label className="ml-auto cursor-pointer rounded text-xs text-sky-400 hover:underline focus-within:underline focus-within:outline focus-within:outline-2 focus-within:outline-sky-500">
          Import .jsonl
          {/* Visually hidden, not display:none: the file input stays reachable with Tab. */}
          <input
            type="file"
            accept=".jsonl,.json,application/x-ndjson"
            className="sr-only"
            data-testid="import-input"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) await importRun(await f.text());
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {error && <p className="text-xs text-amber-300">{error}</p>}
      {notice && (
        <p role="status" className="text-xs text-sky-300" data-testid="history-notice">
          {notice}
        </p>
      )}
      {!history.length && <p className="text-xs text-slate-400">Finished runs are kept here, in this browser.</p>}
      <ul className="space-y-1" data-testid="history-list">
        {history.map((r) => (
          <li
            key={r.runId}
            className={`group flex items-start gap-1 rounded px-2 py-1 text-xs ${r.runId === current ? 'bg-slate-800' : 'hover:bg-slate-900 focus-within:bg-slate-900'}`}
          >
            <button
              type="button"
              className="block min-w-0 flex-1 rounded text-left focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500"
              onClick={() => void openRun(r.runId)}
              data-testid="history-item"
              aria-current={r.runId === current ? 'true' : undefined}
            >
              <span className="block truncate text-slate-200">{r.question}</span>
              <span className="text-slate-400">
                {r.status} · {r.rootModel} · {r.iterations} it · {formatMs(r.wallMs)}
              </span>
            </button>
            {/* Shown on hover or when the row has focus; always in the tab order, so a keyboard reaches it. */}
            <button
              type="button"
              data-testid="history-delete"
              aria-label={`Delete run: ${r.question}`}
              title="Delete this run"
              className="shrink-0 rounded px-1 text-slate-300 opacity-0 hover:text-rose-300 focus:opacity-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500 group-hover:opacity-100 group-focus-within:opacity-100"
              onClick={() => void deleteRun(r.runId)}
            >
              delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
