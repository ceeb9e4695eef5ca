import { lazy, Suspense, useEffect, useState } from 'react';
import { useApp } from '../../store';
import { HistoryFilters } from './HistoryFilters';
import { HistoryItem } from './HistoryItem';
import { NO_FILTER, type HistoryFilter } from './historySearch';
import { useHistorySearch } from './useHistorySearch';
import { forkTree } from './forkTree';
import { UndoToast } from './UndoToast';

// The compare view (with the tree stats it computes) loads when first opened, not with the page.
const CompareDialog = lazy(async () => ({ default: (await import('../compare/CompareDialog')).CompareDialog }));

function ImportInput() {
  const importRun = useApp((s) => s.importRun);
  return (
    <label className="ml-auto cursor-pointer rounded text-xs text-sky-400 hover:underline focus-within:underline focus-within:outline focus-within:outline-2 focus-within:outline-sky-500">
      Import .jsonl
      {/* One input for both formats (ours and the official rlm log). Visually hidden, not display:none: it stays reachable with Tab. */}
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
  );
}

function KeepFile() {
  const keep = useApp((s) => s.keepFile);
  const setKeep = useApp((s) => s.setKeepFile);
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-300" title="Otherwise a run keeps only the file's name, size and hash">
      <input type="checkbox" data-testid="keep-file" checked={keep} onChange={(e) => setKeep(e.target.checked)} className="accent-sky-500" />
      Keep the file with the run
    </label>
  );
}

export function HistoryList() {
  const history = useApp((s) => s.history);
  const error = useApp((s) => s.historyError);
  const notice = useApp((s) => s.historyNotice);
  const loadHistory = useApp((s) => s.loadHistory);
  const openRun = useApp((s) => s.openRun);
  const deleteRun = useApp((s) => s.deleteRun);
  const runAgain = useApp((s) => s.runAgain);
  const busy = useApp((s) => s.runPhase.phase !== 'idle');
  const current = useApp((s) => s.trajectory?.runId);
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[string, string] | null>(null);
  const shown = useHistorySearch(history, filter);

  useEffect(() => void loadHistory(), [loadHistory]);
  // A deleted run leaves the pick.
  useEffect(() => setPicked((p) => p.filter((id) => history.some((r) => r.runId === id))), [history]);

  const pick = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));

  return (
    <section className="space-y-2" aria-label="History">
      <div className="flex items-center">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-400">History</h2>
        <ImportInput />
      </div>
      <KeepFile />
      {error && <p className="text-xs text-amber-300">{error}</p>}
      {notice && (
        <p role="status" className="text-xs text-sky-300" data-testid="history-notice">
          {notice}
        </p>
      )}
      {!history.length && <p className="text-xs text-slate-400">Finished runs are kept here, in this browser.</p>}
      {history.length > 0 && <HistoryFilters history={history} filter={filter} onChange={setFilter} />}
      {history.length > 1 && (
        <div className="flex items-center gap-2 text-xs text-slate-400">
          <button
            type="button"
            data-testid="compare-button"
            disabled={picked.length !== 2}
            onClick={() => setComparing([picked[0], picked[1]])}
            className="rounded bg-slate-800 px-2 py-0.5 text-slate-200 hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Compare
          </button>
          <span aria-live="polite">{picked.length === 2 ? '2 runs picked' : `Tick ${2 - picked.length} more run${picked.length === 1 ? '' : 's'} to compare`}</span>
        </div>
      )}
      {history.length > 0 && !shown.length && <p className="text-xs text-slate-400">No run matches.</p>}
      <ul className="space-y-1" data-testid="history-list">
        {forkTree(shown).map(({ run: r, depth }) => (
          <HistoryItem
            key={r.runId}
            depth={depth}
            run={r}
            current={r.runId === current}
            selected={picked.includes(r.runId)}
            canSelect={picked.length < 2}
            busy={busy}
            onOpen={() => void openRun(r.runId)}
            onSelect={(on) => pick(r.runId, on)}
            onRunAgain={() => void runAgain(r.runId)}
            onDelete={() => void deleteRun(r.runId)}
          />
        ))}
      </ul>
      <UndoToast />
      {comparing && (
        <Suspense fallback={<p className="text-xs text-slate-400">Loading the compare view…</p>}>
          <CompareDialog ids={comparing} onClose={() => setComparing(null)} />
        </Suspense>
      )}
    </section>
  );
}
