import { useEffect, useMemo, useRef } from 'react';
import type { BenchConfig, BenchModel, BenchRecord } from '../../bench/types';
import { BenchCharts } from './BenchCharts';
import { BenchProgress, type BenchPhase, type ProgressShown } from './BenchProgress';
import { ConfigFile } from './ConfigFile';
import { ConfigForm } from './ConfigForm';
import { CustomCases } from './CustomCases';
import { ExportButtons } from './ExportButtons';
import type { BenchLib } from './lib';
import { ResultsTable } from './ResultsTable';
import { SavedList } from './SavedList';
import { TrialList } from './TrialList';

/** The bench slice as the tab reads it (src/store/benchSlice.ts). */
export interface BenchState {
  config: BenchConfig;
  current: BenchRecord | null;
  saved: BenchRecord[];
  phase: BenchPhase;
  error: string | null;
}

export interface BenchActions {
  setBenchConfig(cfg: BenchConfig): void;
  startBench(): void;
  pauseBench(): void;
  resumeBench(): void;
  cancelBench(): void;
  openBench(id: string): void;
  deleteBench(id: string): void;
  importBench(json: string): void;
  openTrial(key: string): void;
}

/** The live phase, else how the shown benchmark ended; nothing before one exists or while one waits to resume. */
function progressOf(lib: BenchLib, phase: BenchPhase, current: BenchRecord | null): ProgressShown | null {
  if (phase.phase !== 'idle') return phase;
  if (!current || (current.status !== 'done' && current.status !== 'cancelled')) return null;
  return { phase: 'ended', done: current.trials.filter((t) => t.status !== 'stopped').length, total: lib.total(current.config), status: current.status };
}

const h2 = 'text-xs font-medium uppercase tracking-wide text-slate-400';

/** A record that stopped without finishing (a reload mid-matrix, or a pause) and can be picked up where it was. */
const resumable = (r: BenchRecord | null, phase: BenchPhase) => phase.phase === 'idle' && r !== null && (r.status === 'running' || r.status === 'paused');

function Results({ lib, record, onOpenTrial }: { lib: BenchLib; record: BenchRecord; onOpenTrial(key: string): void }) {
  const rows = useMemo(() => lib.rows(record.trials, record.config), [lib, record.trials, record.config]);
  const sentences = useMemo(() => lib.sentences(record.trials, record.config), [lib, record.trials, record.config]);
  return (
    <section aria-label="Results" className="space-y-3">
      <div className="flex items-center gap-2">
        <h2 className={h2}>Results</h2>
        <span className="text-xs text-slate-400">
          {record.trials.length} trial{record.trials.length === 1 ? '' : 's'} · {record.status}
        </span>
        <span className="ml-auto">
          <ExportButtons lib={lib} record={record} />
        </span>
      </div>
      <ResultsTable rows={rows} />
      {sentences.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-300" data-testid="bench-summary">
          {sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      <BenchCharts rows={rows} />
      <TrialList trials={record.trials} models={record.config.models} onOpen={onOpenTrial} />
    </section>
  );
}

/**
 * Brings the results into view when a benchmark ends or a saved one is opened: they sit below the form, out of sight
 * on a laptop screen, and nothing else on screen changes.
 */
function useRevealResults(current: BenchRecord | null, phase: BenchPhase) {
  const ref = useRef<HTMLDivElement>(null);
  const was = useRef({ id: current?.id ?? null, running: phase.phase === 'running' });
  const id = current?.id ?? null;
  const running = phase.phase === 'running';
  useEffect(() => {
    const before = was.current;
    was.current = { id, running };
    const ended = before.running && !running;
    const opened = id !== null && id !== before.id && !running;
    if (!ended && !opened) return;
    const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    ref.current?.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }, [id, running]);
  return ref;
}

export function BenchView({
  lib,
  state,
  actions,
  available,
}: {
  lib: BenchLib;
  state: BenchState;
  actions: BenchActions;
  available: BenchModel[];
}) {
  const { config, current, phase } = state;
  const busy = phase.phase !== 'idle';
  const shown = progressOf(lib, phase, current);
  const total = config.tasks.length && config.models.length && config.methods.length;
  const resultsRef = useRevealResults(current, phase);
  return (
    <div className="space-y-6">
      <section aria-label="Benchmark configuration" className="space-y-3">
        <ConfigFile lib={lib} config={config} available={available} onChange={actions.setBenchConfig} />
        <fieldset disabled={busy} className="space-y-3 disabled:opacity-60">
          <ConfigForm tasks={lib.tasks} config={config} onChange={actions.setBenchConfig} />
          <CustomCases lib={lib} config={config} onChange={actions.setBenchConfig} />
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            data-testid="bench-run"
            disabled={busy || !total}
            onClick={actions.startBench}
            className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:bg-slate-700 disabled:text-slate-300"
          >
            Run benchmark
          </button>
          {!total && !busy && <span className="text-xs text-slate-400">Pick at least one task, model and method.</span>}
          {resumable(current, phase) && (
            <span className="flex items-center gap-2 text-xs text-slate-300" data-testid="bench-resumable">
              The last benchmark stopped at {current!.trials.length} trials.
              <button type="button" data-testid="bench-resume" className="rounded border border-slate-600 px-2 py-1 text-slate-200 hover:bg-slate-800" onClick={actions.resumeBench}>
                Resume it
              </button>
            </span>
          )}
        </div>
        {state.error && (
          <p role="alert" data-testid="bench-error" className="text-sm text-amber-300">
            {state.error}
          </p>
        )}
      </section>
      {shown && <BenchProgress phase={shown} onPause={actions.pauseBench} onResume={actions.resumeBench} onCancel={actions.cancelBench} />}
      <div ref={resultsRef} className="scroll-mt-2">
        {current && <Results lib={lib} record={current} onOpenTrial={actions.openTrial} />}
      </div>
      <SavedList
        saved={state.saved}
        currentId={current?.id ?? null}
        onOpen={actions.openBench}
        onDelete={actions.deleteBench}
        onImport={actions.importBench}
        onRunAgain={(r) => {
          actions.setBenchConfig(r.config);
          actions.startBench();
        }}
      />
    </div>
  );
}
