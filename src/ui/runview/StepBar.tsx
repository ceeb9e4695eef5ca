import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { shownOf } from './selection';
import { followLatest, goFirst, goLast, goTo, showRoot, step } from './actions';

const btn =
  'rounded bg-slate-800 px-2 py-1 text-xs text-slate-200 hover:bg-slate-700 disabled:opacity-40 disabled:hover:bg-slate-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500';

/** First/previous/next/last, the jump box, "follow latest", the tab switch and, in a child run, the way back. */
export function StepBar() {
  const v = useApp(
    useShallow((s) => {
      const shown = shownOf(s.trajectory, s.view);
      const run = shown ? s.trajectory?.runs[shown.runId] : undefined;
      return {
        index: shown?.index ?? null,
        count: shown?.count ?? 0,
        mode: shown?.pick.mode ?? 'follow',
        child: run && run.parentCallId !== null ? run.depth : null,
        tab: s.view.tab,
      };
    }),
  );
  const live = useApp(isRunning);
  const setTab = useApp((s) => s.setRunTab);
  const { index, count } = v;
  return (
    <nav aria-label="Step through iterations" className="flex flex-wrap items-center gap-2" data-testid="step-bar">
      <div role="group" aria-label="Iteration" className="flex items-center gap-1">
        <button type="button" className={btn} onClick={goFirst} disabled={!count || index === 0} title="First (Home)">
          « First
        </button>
        <button type="button" className={btn} onClick={() => step(-1)} disabled={!count || index === 0} title="Previous (← or k)">
          ‹ Prev
        </button>
        <button type="button" className={btn} onClick={() => step(1)} disabled={!count || index === count - 1} title="Next (→ or j)">
          Next ›
        </button>
        <button type="button" className={btn} onClick={goLast} disabled={!count || index === count - 1} title="Last (End)">
          Last »
        </button>
      </div>
      <JumpBox index={index} count={count} />
      {live && v.mode !== 'follow' && v.child === null && (
        <button type="button" data-testid="follow-latest" className={`${btn} bg-sky-900 hover:bg-sky-800`} onClick={followLatest}>
          Follow latest ⇥
        </button>
      )}
      {v.child !== null && (
        <span className="flex items-center gap-2 text-xs text-amber-200">
          Child run, depth {v.child}
          <button type="button" className={btn} onClick={showRoot} data-testid="back-to-root">
            Back to the root run
          </button>
        </span>
      )}
      <div role="group" aria-label="Panel" className="ml-auto flex gap-1">
        {(['detail', 'calls'] as const).map((tab) => (
          <button key={tab} type="button" aria-pressed={v.tab === tab} className={`${btn} ${v.tab === tab ? 'ring-1 ring-sky-500' : ''}`} onClick={() => setTab(tab)}>
            {tab === 'detail' ? 'Iteration' : 'Calls & timing'}
          </button>
        ))}
      </div>
    </nav>
  );
}

/** A typed number only takes effect on Enter or leaving the box, so typing "12" does not visit 1 first. */
function JumpBox({ index, count }: { index: number | null; count: number }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (index === null ? '' : String(index + 1));
  const commit = () => {
    const n = Number(draft);
    if (draft !== null && Number.isInteger(n) && n >= 1) goTo(n - 1);
    setDraft(null);
  };
  return (
    <label className="flex items-center gap-1 text-xs text-slate-400">
      Iteration
      <input
        type="number"
        min={1}
        max={count}
        value={shown}
        data-testid="jump-input"
        aria-describedby="jump-count"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        className="w-16 rounded border border-slate-700 bg-slate-900 px-1 py-0.5 text-slate-100"
      />
      <span id="jump-count">of {count}</span>
    </label>
  );
}
