import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store';
import type { ForkContextNeed } from '../../store/forkSlice';
import type { Trajectory } from '../../core/trajectory';

const input = 'w-full rounded border border-slate-700 bg-slate-900 px-2 py-1 text-xs text-slate-100 focus:border-sky-500 focus:outline-none';

/** Models a fork starts with: the parent's, except for an imported log, whose models this page cannot call. */
function defaults(t: Trajectory, current: { rootModel: string; subModel: string }) {
  const imported = t.settings.blockTimeoutMs === 0;
  if (imported) return { root: current.rootModel, sub: current.subModel };
  return { root: t.settings.rootModel, sub: t.settings.subModel === t.settings.rootModel ? '' : t.settings.subModel };
}

/** "Continue from here": edit iteration k's blocks, pick models and limits, drop the file again if it was not kept. */
export function ForkDialog() {
  const target = useApp((s) => s.forkTarget);
  const t = useApp((s) => s.trajectory);
  if (!target || !t || t.runId !== target.runId) return null;
  return <ForkForm t={t} iteration={target.iteration} />;
}

function ForkForm({ t, iteration }: { t: Trajectory; iteration: number }) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useApp((s) => s.closeFork);
  const forkRun = useApp((s) => s.forkRun);
  const forkContextNeed = useApp((s) => s.forkContextNeed);
  const error = useApp((s) => s.forkError);
  const settings = useApp((s) => s.settings);
  const it = t.iterations.find((x) => x.turn === 0 && x.iteration === iteration);
  const d = defaults(t, settings);
  const [codes, setCodes] = useState(() => it?.blocks.map((b) => b.code) ?? []);
  const [root, setRoot] = useState(d.root);
  const [sub, setSub] = useState(d.sub);
  const [maxIterations, setMax] = useState(Math.max(t.settings.maxIterations, settings.engine.maxIterations ?? 0, iteration + 1));
  const [files, setFiles] = useState<File[]>([]);
  const [need, setNeed] = useState<ForkContextNeed | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  useEffect(() => void forkContextNeed(t.runId).then(setNeed), [forkContextNeed, t.runId]);

  const start = async () => {
    setBusy(true);
    const edits = Object.fromEntries(codes.map((c, i) => [i + 1, c]).filter(([n, c]) => it?.blocks[(n as number) - 1]?.code !== c));
    await forkRun(t.runId, { iteration, edits, rootModel: root.trim(), subModel: sub.trim(), maxIterations, ...(files.length ? { files } : {}) });
    setBusy(false);
  };

  return (
    <dialog
      ref={ref}
      data-testid="fork-dialog"
      aria-labelledby="fork-title"
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      className="m-auto max-h-[90vh] w-[min(48rem,95vw)] overflow-y-auto rounded-lg border border-slate-700 bg-slate-950 p-4 text-slate-200 backdrop:bg-black/60"
    >
      <h2 id="fork-title" className="mb-1 text-base font-semibold text-slate-100">
        Continue from iteration {iteration}
      </h2>
      <p className="mb-3 text-xs text-slate-400">
        Iterations 1…{iteration - 1} re-run from the record (their sub-calls answered from it: no model calls, no cost); iteration {iteration} then goes on
        live. An edited block runs the recorded response with your code instead of a new call.
      </p>
      <div className="space-y-3 text-xs">
        {it?.blocks.map((b, i) => (
          <label key={b.block} className="block space-y-1">
            <span className="text-slate-300">Block {b.block} of iteration {iteration}</span>
            <textarea
              data-testid="fork-code"
              spellCheck={false}
              rows={Math.min(12, Math.max(3, codes[i].split('\n').length))}
              value={codes[i]}
              onChange={(e) => setCodes((c) => c.map((x, j) => (j === i ? e.target.value : x)))}
              className={`${input} font-mono`}
            />
          </label>
        ))}
        <div className="grid grid-cols-3 gap-2">
          <label className="space-y-1">
            <span className="text-slate-300">Root model</span>
            <input data-testid="fork-root-model" value={root} onChange={(e) => setRoot(e.target.value)} className={input} />
          </label>
          <label className="space-y-1">
            <span className="text-slate-300">Sub model (empty: the root model)</span>
            <input data-testid="fork-sub-model" value={sub} onChange={(e) => setSub(e.target.value)} className={input} />
          </label>
          <label className="space-y-1">
            <span className="text-slate-300">Max iterations</span>
            <input
              data-testid="fork-max-iterations"
              type="number"
              min={iteration}
              value={maxIterations}
              onChange={(e) => setMax(Math.max(iteration, Number(e.target.value) || iteration))}
              className={input}
            />
          </label>
        </div>
        <ContextNeed need={need} onFiles={setFiles} />
        {error && (
          <p role="alert" data-testid="fork-error" className="text-amber-300">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-testid="fork-cancel" onClick={close} className="rounded bg-slate-800 px-3 py-1 hover:bg-slate-700">
            Cancel
          </button>
          <button
            type="button"
            data-testid="fork-start"
            disabled={busy || !root.trim() || (need?.need === 'drop' && !files.length)}
            onClick={() => void start()}
            className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-600 disabled:opacity-50"
          >
            {busy ? 'Checking…' : 'Fork'}
          </button>
        </div>
      </div>
    </dialog>
  );
}

function ContextNeed({ need, onFiles }: { need: ForkContextNeed | null; onFiles(f: File[]): void }) {
  if (!need || need.need === 'none') return null;
  if (need.need === 'kept') return <p className="text-slate-400">The run's file was kept with it and is loaded again.</p>;
  if (need.need === 'loaded') return <p className="text-slate-400">The run's file is loaded (same sha256).</p>;
  const c = need.context;
  const id = c.sha256 ? `sha256 ${c.sha256.slice(0, 12)}…` : `${c.bytes.toLocaleString('en-US')} bytes`;
  return (
    <label className="block space-y-1 rounded border border-amber-800 bg-amber-950/30 p-2">
      <span className="text-amber-200">
        The run's file {c.name} ({id}) was not kept with it: drop it again. It is checked against the record before anything runs.
      </span>
      <input type="file" data-testid="fork-file-input" multiple onChange={(e) => onFiles([...(e.target.files ?? [])])} className="block text-slate-300" />
    </label>
  );
}
