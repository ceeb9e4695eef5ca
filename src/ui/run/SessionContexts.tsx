import { useApp } from '../../store';
import { liveSessionOf } from '../../store/sessionSlice';
import { formatInt } from '../kit/format';

/** The live session's added contexts, and what dropping a file does now (the next context_<n>, not a new `context`). */
export function SessionContexts() {
  const live = useApp(liveSessionOf);
  if (!live) return null;
  const next = 1 + live.extraContexts.length;
  return (
    <div className="mt-2 space-y-1 text-xs" data-testid="session-contexts" data-count={live.extraContexts.length}>
      {live.extraContexts.map((m, i) => (
        <p key={i} data-testid="session-context" className="text-slate-200">
          <code className="text-sky-300">context_{i + 1}</code> {m.name} · {m.pyType} · {formatInt(m.totalChars)} chars
        </p>
      ))}
      {live.adding && (
        <p role="status" className="text-sky-300">
          Adding {live.adding.join(', ')} as <code>context_{next}</code>…
        </p>
      )}
      {live.addError && (
        <p role="alert" className="text-rose-300">
          {live.addError}
        </p>
      )}
      <p className="pointer-events-none text-slate-400" data-testid="session-drop-note">
        In this session a dropped file is added as <code>context_{next}</code> for the next question; <code>context</code> and
        every variable stay. Remove or New session to start over.
      </p>
    </div>
  );
}
