import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { toJsonl } from '../../core/export';

export function ExportButton() {
  const events = useApp((s) => s.runEvents);
  const runId = useApp((s) => s.trajectory?.runId);
  const running = useApp(isRunning);
  if (running || !events.length || !runId) return null;
  const download = () => {
    const url = URL.createObjectURL(new Blob([toJsonl(events)], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `rlm-run-${runId}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button data-testid="export-button" onClick={download} className="rounded bg-slate-800 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700">
      Export .jsonl
    </button>
  );
}
