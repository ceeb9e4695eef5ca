import { lazy, Suspense, useState } from 'react';
import { useApp } from '../../store';
import type { StepBlock } from '../../core/step';

// The editor and its highlighter (~90 kB) load the first time a run pauses, not with the page.
const CodeEditor = lazy(() => import('../kit/CodeEditor').then((m) => ({ default: m.CodeEditor })));

const EDITOR_ID = 'step-code';
const button = 'rounded px-3 py-1 text-sm font-medium text-white disabled:opacity-50';

/** The block the run is paused before, in an editor: run it (as edited), skip it, or run on without pausing. */
export function StepPanel() {
  const phase = useApp((s) => s.runPhase);
  if (phase.phase !== 'paused') return null;
  const { step } = phase;
  // A new block gets a fresh editor holding the model's code.
  return <PausedBlock key={`${step.runId}:${step.iteration}:${step.block}`} step={step} />;
}

function where(step: StepBlock): string {
  const run = step.depth ? ` of a child run (depth ${step.depth})` : '';
  return `block ${step.block} of iteration ${step.iteration}${run}`;
}

function PausedBlock({ step }: { step: StepBlock }) {
  const [code, setCode] = useState(step.code);
  const { stepRun, stepSkip, stepContinue } = useApp.getState();
  const edited = code !== step.code;
  return (
    <section
      aria-label="Paused block"
      data-testid="step-panel"
      data-iteration={step.iteration}
      data-block={step.block}
      data-depth={step.depth ?? 0}
      className="space-y-2 rounded-lg border border-amber-700 bg-amber-950/30 p-3"
    >
      <div role="status" className="flex flex-wrap items-center gap-2 text-sm text-amber-200">
        <span className="font-medium">Step mode: paused before {where(step)}.</span>
        <span className="text-xs text-amber-300/80">Waiting for you; no time limit counts while paused.</span>
      </div>
      <label htmlFor={EDITOR_ID} className="block text-xs text-slate-300">
        The model's code{edited ? ' (edited: the edit runs, the model’s code is kept in the record)' : ''} — Ctrl/Cmd+Enter runs it
      </label>
      <Suspense fallback={<pre className="rounded border border-slate-700 p-2 font-mono text-sm text-slate-300">{code}</pre>}>
        <CodeEditor
          id={EDITOR_ID}
          value={code}
          onChange={setCode}
          autoFocus
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              stepRun(code);
            }
          }}
        />
      </Suspense>
      <div className="flex flex-wrap items-center gap-2">
        <button data-testid="step-run" className={`${button} bg-sky-700 hover:bg-sky-800`} onClick={() => stepRun(code)}>
          {edited ? 'Run edited block' : 'Run block'}
        </button>
        <button data-testid="step-skip" className={`${button} bg-slate-700 hover:bg-slate-600`} onClick={stepSkip}>
          Skip block
        </button>
        <button data-testid="step-continue" className={`${button} bg-emerald-800 hover:bg-emerald-700`} onClick={() => stepContinue(code)}>
          Run to the end
        </button>
        {edited && (
          <button className="text-xs text-slate-300 underline" onClick={() => setCode(step.code)}>
            Undo the edit
          </button>
        )}
        <span className="text-xs text-slate-400">Stop (or Esc outside the editor) ends the run.</span>
      </div>
    </section>
  );
}

/** The toggle by the Run button: on, the next block of any run (this one too) waits for the user. */
export function StepModeToggle() {
  const on = useApp((s) => s.stepMode);
  const setStepMode = useApp((s) => s.setStepMode);
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-300" title="Pause before each code block: run it, edit it, or skip it">
      <input type="checkbox" data-testid="step-mode" checked={on} onChange={(e) => setStepMode(e.target.checked)} />
      Step mode
    </label>
  );
}
