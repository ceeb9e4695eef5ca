import { useApp } from '../../store';
import { inputClass } from '../kit/Field';
import { DataNotice } from './DataNotice';
import { SessionBar } from './SessionBar';
import { liveSessionOf } from '../../store/sessionSlice';
import { AdviceText } from '../kit/AdviceText';
import type { WaitFor } from '../../store/runGate';
import { StepModeToggle } from '../step/StepPanel';
import { prefetchRunChunks } from '../prefetch';

const WAITING: Record<WaitFor, string> = {
  python: 'Waiting for Python to start…',
  file: 'Waiting for the file to load…',
};

export function QuestionBox() {
  const question = useApp((s) => s.question);
  const setQuestion = useApp((s) => s.setQuestion);
  const phase = useApp((s) => s.runPhase);
  const busy = phase.phase !== 'idle';
  const startRunNow = useApp((s) => s.startRun);
  // Usually fetched when the page went idle; if not yet, the fetch starts beside the run instead of after its answer.
  const startRun = () => {
    void prefetchRunChunks().catch(() => undefined);
    return startRunNow();
  };
  const stopRun = useApp((s) => s.stopRun);
  const runError = useApp((s) => s.runError);
  const followUp = useApp((s) => liveSessionOf(s) !== null);

  return (
    <div className="space-y-2">
      <SessionBar />
      <textarea
        data-testid="question-input"
        className={`${inputClass} min-h-24 resize-y`}
        placeholder={followUp ? 'Ask a follow-up in this session… (Ctrl/Cmd+Enter)' : 'Ask a question about the context… (Ctrl/Cmd+Enter to run)'}
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            if (!busy) void startRun();
          }
        }}
      />
      <div className="flex flex-wrap items-center gap-3">
        {busy ? (
          <button data-testid="stop-button" onClick={stopRun} className="rounded bg-rose-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-rose-800 max-lg:min-h-11">
            Stop
          </button>
        ) : (
          <button data-testid="run-button" onClick={() => void startRun()} className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800 max-lg:min-h-11">
            {followUp ? 'Ask follow-up' : 'Run'}
          </button>
        )}
        {phase.phase === 'waiting' ? (
          <span role="status" data-testid="run-waiting" className="text-xs text-sky-300">
            {WAITING[phase.for]} The run starts by itself; Esc or Stop cancels.
          </span>
        ) : (
          <span className="text-xs text-slate-400">{busy ? 'Esc to stop' : 'Ctrl/Cmd+Enter'}</span>
        )}
        <StepModeToggle />
        <DataNotice />
      </div>
      {runError && (
        <div role="alert" data-testid="run-error" className="rounded border border-rose-800 bg-rose-950/50 p-2 text-sm text-rose-200">
          <AdviceText text={runError} />
        </div>
      )}
    </div>
  );
}
