import { useApp } from '../../store';
import { liveSessionOf } from '../../store/sessionSlice';

/**
 * What the next Run does: the live session's next turn (the default once a run has ended), with New session
 * beside it; or, for a run opened from history (or after a reload), why it cannot be continued.
 */
export function SessionBar() {
  const live = useApp(liveSessionOf);
  const shown = useApp((s) => s.trajectory?.rootRunId ?? null);
  const idle = useApp((s) => s.runPhase.phase === 'idle');
  const newSession = useApp((s) => s.newSession);
  if (!idle) return null;
  if (live) {
    const h = live.histories;
    const contexts = 1 + live.extraContexts.length;
    return (
      <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="session-bar" data-turn={live.nextTurn} data-mode="follow-up">
        <span className="text-sky-200">
          Follow-up: question {live.nextTurn + 1} of this session, on the same Python. Variables stay;{' '}
          {contexts > 1 ? `${contexts} contexts` : <code>context</code>}
          {h > 0 && (
            <>
              {' '}
              and <code>{h === 1 ? 'history_0' : `history_0…history_${h - 1}`}</code>
            </>
          )}{' '}
          are there.
        </span>
        <button
          type="button"
          data-testid="new-session"
          onClick={() => void newSession()}
          title="Start over: a clean Python namespace (variables, histories and added contexts are cleared; the loaded file stays as context)"
          className="rounded border border-slate-600 px-2 py-0.5 text-slate-200 hover:border-slate-400"
        >
          New session
        </button>
      </div>
    );
  }
  if (!shown) return null;
  return (
    <p className="text-xs text-slate-400" data-testid="session-bar" data-mode="closed">
      This run was opened from history: its Python state is gone (it lives only in the page that ran it), so it cannot be
      continued. Run starts a new session.
    </p>
  );
}
