import { useApp } from '../../store';
import { inputClass } from '../kit/Field';
import { DataNotice } from './DataNotice';
import { AdviceText } from '../kit/AdviceText';

export function QuestionBox() {
  const question = useApp((s) => s.question);
  const setQuestion = useApp((s) => s.setQuestion);
  const running = useApp((s) => s.running);
  const startRun = useApp((s) => s.startRun);
  const stopRun = useApp((s) => s.stopRun);
  const runError = useApp((s) => s.runError);

  return (
    <div className="space-y-2">
      <textarea
        data-testid="question-input"
        className={`${inputClass} min-h-24 resize-y`}
        placeholder="Ask a question about the context… (Ctrl/Cmd+Enter to run)"
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            if (!running) void startRun();
          }
        }}
      />
      <div className="flex items-center gap-3">
        {running ? (
          <button data-testid="stop-button" onClick={stopRun} className="rounded bg-rose-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-rose-800">
            Stop
          </button>
        ) : (
          <button data-testid="run-button" onClick={() => void startRun()} className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
            Run
          </button>
        )}
        <span className="text-xs text-slate-400">{running ? 'Esc to stop' : 'Ctrl/Cmd+Enter'}</span>
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
