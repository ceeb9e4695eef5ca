import { useState } from 'react';
import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { toJsonl } from '../../core/export';
import { errorMessage } from '../../core/error-message';
import type { RunEvent } from '../../core/events';

function download(text: string, type: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Format {
  testId: string;
  label: string;
  title: string;
  ext: string;
  type: string;
  /** The official writer and the notebook writer load only when asked for (dynamic import). */
  write(events: RunEvent[]): Promise<string>;
}

const FORMATS: Format[] = [
  { testId: 'export-button', label: '.jsonl', title: 'RLM Studio JSONL: every event, re-imports exactly', ext: 'jsonl', type: 'application/x-ndjson', write: async (e) => toJsonl(e) },
  {
    testId: 'export-official',
    label: 'official',
    title: 'Official rlm JSONL log (what the rlm visualizer reads)',
    ext: 'official.jsonl',
    type: 'application/x-ndjson',
    write: async (e) => {
      const [{ eventsToOfficial }, { writeOfficialLog }] = await Promise.all([import('../../core/official/fromEvents'), import('../../core/official/write')]);
      return writeOfficialLog(eventsToOfficial(e));
    },
  },
  {
    testId: 'export-notebook',
    label: '.ipynb',
    title: 'Jupyter notebook: one code cell per block, prose as markdown',
    ext: 'ipynb',
    type: 'application/x-ipynb+json',
    write: async (e) => (await import('../../core/notebook')).toNotebook(e),
  },
];

/** The run's exports (the name stays ExportButton: the run view mounts it). */
export function ExportButton() {
  const events = useApp((s) => s.runEvents);
  const runId = useApp((s) => s.trajectory?.runId);
  const running = useApp(isRunning);
  const [problem, setProblem] = useState<string | null>(null);
  if (running || !events.length || !runId) return null;
  const run = async (f: Format) => {
    setProblem(null);
    try {
      download(await f.write(events), f.type, `rlm-run-${runId}.${f.ext}`);
    } catch (e) {
      setProblem(`Export failed: ${errorMessage(e)}`);
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-1 text-xs" role="group" aria-label="Export this run">
      <span className="text-slate-400">Export</span>
      {FORMATS.map((f) => (
        <button key={f.testId} type="button" data-testid={f.testId} title={f.title} onClick={() => void run(f)} className="rounded bg-slate-800 px-2 py-0.5 text-slate-200 hover:bg-slate-700">
          {f.label}
        </button>
      ))}
      {problem && (
        <span role="alert" className="text-amber-300">
          {problem}
        </span>
      )}
    </span>
  );
}
