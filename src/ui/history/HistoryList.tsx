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
        <label className="ml-auto cursor-pointer text-xs text-sky-400 hover:underline">
          Import .jsonl
          <input
            type="file"
            accept=".jsonl,.json,application/x-ndjson"
            className="hidden"
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
      {!history.length && <p className="text-xs text-slate-500">Finished runs are kept here, in this browser.</p>}
      <ul className="space-y-1" data-testid="history-list">
        {history.map((r) => (
          <li key={r.runId} className={`group rounded px-2 py-1 text-xs ${r.runId === current ? 'bg-slate-800' : 'hover:bg-slate-900'}`}>
            <button className="block w-full text-left" onClick={() => void openRun(r.runId)} data-testid="history-item">
              <span className="block truncate text-slate-200">{r.question}</span>
              <span className="text-slate-500">
                {r.status} · {r.rootModel} · {r.iterations} it · {formatMs(r.wallMs)}
              </span>
            </button>
            <button className="hidden text-slate-500 hover:text-rose-300 group-hover:inline" onClick={() => void deleteRun(r.runId)}>
              delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
