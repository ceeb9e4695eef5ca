import { useApp } from '../../store';
import { formatMs } from '../kit/format';

const SHOWN = 5;

/**
 * The latest runs, in the empty run view: after a reload the history list may sit below the settings in the side
 * panel, out of sight on a laptop screen, and the main area would be blank.
 */
export function RecentRuns() {
  const history = useApp((s) => s.history);
  const openRun = useApp((s) => s.openRun);
  const busy = useApp((s) => s.runPhase.phase !== 'idle');
  if (!history.length) return null;
  const recent = [...history].sort((a, b) => b.startedAt - a.startedAt).slice(0, SHOWN);
  return (
    <section aria-labelledby="recent-runs-title" data-testid="recent-runs" className="mx-auto mt-4 max-w-xl space-y-1 text-left">
      <h2 id="recent-runs-title" className="text-xs font-medium uppercase tracking-wide text-slate-400">
        Recent runs{history.length > SHOWN ? ` (all ${history.length} in History, in the side panel)` : ''}
      </h2>
      <ul className="space-y-1">
        {recent.map((r) => (
          <li key={r.runId}>
            <button
              type="button"
              data-testid="recent-run"
              disabled={busy}
              onClick={() => void openRun(r.runId)}
              className="block w-full rounded border border-slate-800 px-3 py-1.5 text-left hover:border-slate-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-50"
            >
              <span className="block truncate text-slate-200">{r.question || '(no question)'}</span>
              <span className="text-xs text-slate-400">
                {r.status} · {r.models.join(', ') || r.rootModel} · {r.iterations} it · {formatMs(r.wallMs)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
