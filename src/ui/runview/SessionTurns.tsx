import { memo } from 'react';
import type { TurnView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { LazyMarkdown } from '../kit/LazyMarkdown';
import { formatMs } from '../kit/format';
import { goTo } from './actions';

/** A session's questions in order, each with its answer and its iterations (a click opens one in the strip). */
export function SessionTurns({ turns, running }: { turns: TurnView[]; running: boolean }) {
  let offset = 0;
  return (
    <ol aria-label="Session turns" className="space-y-2" data-testid="session-turns" data-count={turns.length}>
      {turns.map((tn, i) => {
        const first = offset;
        offset += tn.iterations.length;
        return <Turn key={tn.turn} tn={tn} first={first} live={running && i === turns.length - 1} />;
      })}
    </ol>
  );
}

const Turn = memo(function Turn({ tn, first, live }: { tn: TurnView; first: number; live: boolean }) {
  const added = tn.session?.extraContexts ?? [];
  return (
    <li
      data-testid="session-turn"
      data-turn={tn.turn}
      data-model={tn.settings.rootModel}
      data-iterations={tn.iterations.length}
      className="rounded-lg border border-slate-800 bg-slate-900/40 p-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-400">
        <span className="font-semibold text-slate-200">Question {tn.turn + 1}</span>
        <Badge title="root model of this turn">{tn.settings.rootModel}</Badge>
        {/* Not a stop-reason badge: the run's own (the latest turn's) stays the one `stop-reason` of the page. */}
        <span data-testid="turn-status" data-reason={tn.finished?.reason ?? ''}>
          <Badge tone={tn.status === 'done' ? 'good' : tn.status === 'running' ? 'info' : 'bad'}>
            {live ? 'running' : tn.finished ? `${tn.status} · ${tn.finished.reason}` : tn.status}
          </Badge>
        </span>
        {tn.finished && <span>{formatMs(tn.finished.wallMs)}</span>}
        {added.length > 0 && (
          <span title="files added to the session before this question">
            + {added.map((m, i) => `context_${i + 1} (${m.name})`).join(', ')}
          </span>
        )}
      </div>
      <p className="mt-1 text-slate-100" data-testid="turn-question">
        {tn.question}
      </p>
      {tn.final && (
        <div className="mt-1 text-emerald-100" data-testid="turn-answer">
          <LazyMarkdown text={tn.final.answer} />
        </div>
      )}
      {tn.error && (
        <p className="mt-1 text-rose-300" data-testid="turn-error">
          Failed: {tn.error.where}
        </p>
      )}
      <div className="mt-1 flex flex-wrap gap-1" aria-label={`Iterations of question ${tn.turn + 1}`}>
        {tn.iterations.map((it, j) => (
          <button
            key={j}
            type="button"
            data-testid="turn-iteration"
            onClick={() => goTo(first + j)}
            className="rounded border border-slate-700 px-1.5 text-xs text-slate-300 hover:border-sky-500"
            aria-label={`Question ${tn.turn + 1}, iteration ${it.iteration}`}
          >
            #{it.iteration}
          </button>
        ))}
      </div>
    </li>
  );
});
