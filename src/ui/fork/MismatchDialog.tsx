import { useEffect, useRef } from 'react';
import { useApp } from '../../store';
import type { ReplayMismatch } from '../../core/replay';

/** A fork's replayed block printed something else than the record: both outputs, and the user's choice. */
export function MismatchDialog() {
  const m = useApp((s) => s.forkMismatch);
  return m ? <MismatchForm m={m} /> : null;
}

function Output({ label, out, testId }: { label: string; out: { stdout: string; stderr: string }; testId: string }) {
  return (
    <div className="min-w-0 space-y-1">
      <p className="text-slate-400">{label}</p>
      <pre data-testid={testId} className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-900 p-2 font-mono text-slate-100">
        {out.stdout || '(no output)'}
        {out.stderr && <span className="text-rose-300">{`\n${out.stderr}`}</span>}
      </pre>
    </div>
  );
}

function MismatchForm({ m }: { m: ReplayMismatch }) {
  const ref = useRef<HTMLDialogElement>(null);
  const decide = useApp((s) => s.decideFork);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      data-testid="fork-mismatch"
      data-iteration={m.iteration}
      data-block={m.block}
      aria-labelledby="mismatch-title"
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
      onCancel={(e) => e.preventDefault()}
      className="m-auto w-[min(56rem,95vw)] rounded-lg border border-amber-700 bg-slate-950 p-4 text-xs text-slate-200 backdrop:bg-black/60"
    >
      <h2 id="mismatch-title" className="mb-1 text-base font-semibold text-amber-200">
        Replay differs: iteration {m.iteration}, block {m.block}
      </h2>
      <p className="mb-2 text-slate-400">
        Re-run with the recorded sub-call answers, this block did not print what the record has (code that reads the time or random numbers, or a
        changed file). The live part of the fork would start from a different state.
      </p>
      <pre className="mb-2 max-h-32 overflow-auto rounded bg-slate-900 p-2 font-mono text-slate-300">{m.code}</pre>
      <div className="grid grid-cols-2 gap-3">
        <Output label="Recorded" out={m.recorded} testId="mismatch-recorded" />
        <Output label="Replayed now" out={m.replayed} testId="mismatch-replayed" />
      </div>
      {m.issues.length > 0 && <p className="mt-2 text-amber-300">Also: {m.issues.join('; ')}.</p>}
      <div className="mt-3 flex justify-end gap-2">
        <button type="button" data-testid="fork-stop" onClick={() => decide('stop')} className="rounded bg-slate-800 px-3 py-1 hover:bg-slate-700">
          Stop the fork
        </button>
        <button type="button" data-testid="fork-go-on" onClick={() => decide('continue')} className="rounded bg-amber-700 px-3 py-1 text-white hover:bg-amber-600">
          Go on anyway
        </button>
      </div>
    </dialog>
  );
}
