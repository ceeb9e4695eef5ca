import { useApp } from '../../store';
import type { EngineSettings } from '../../core/settings';
import type { ThinkMode } from '../../core/types';
import { Field, inputClass } from '../kit/Field';

function NumberField({ label, k, min, max, step = 1, scale = 1 }: { label: string; k: keyof EngineSettings; min: number; max: number; step?: number; scale?: number }) {
  const value = useApp((s) => s.settings.engine[k] as number);
  const updateSettings = useApp((s) => s.updateSettings);
  return (
    <Field label={label}>
      <input
        type="number"
        className={inputClass}
        min={min}
        max={max}
        step={step}
        value={value / scale}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min && v <= max) updateSettings((s) => ({ ...s, engine: { ...s.engine, [k]: v * scale } }));
        }}
      />
    </Field>
  );
}

export function EngineFields() {
  const think = useApp((s) => s.settings.engine.think);
  const updateSettings = useApp((s) => s.updateSettings);
  return (
    <details className="rounded border border-slate-800 p-2">
      <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-400">Run limits &amp; sampling</summary>
      <div className="mt-2 grid grid-cols-2 gap-2">
        <NumberField label="Max iterations" k="maxIterations" min={1} max={100} />
        <NumberField label="Block time limit (s)" k="blockTimeoutMs" min={1} max={3600} scale={1000} />
        <NumberField label="Output cut (chars)" k="maxOutputChars" min={500} max={1_000_000} step={500} />
        <NumberField label="Parallel sub-calls" k="subcallConcurrency" min={1} max={64} />
        <NumberField label="Temperature" k="temperature" min={0} max={2} step={0.1} />
        <NumberField label="Context (num_ctx)" k="numCtx" min={2048} max={1_048_576} step={1024} />
        <CallTimeoutField />
        <Field label="Thinking">
          <select
            className={inputClass}
            value={think}
            onChange={(e) => updateSettings((s) => ({ ...s, engine: { ...s.engine, think: e.target.value as ThinkMode } }))}
          >
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </Field>
      </div>
    </details>
  );
}

/** Per model call, not per run: how long to wait for the first token (and at most between two). */
function CallTimeoutField() {
  const value = useApp((s) => s.settings.callTimeoutMs);
  const updateSettings = useApp((s) => s.updateSettings);
  return (
    <Field label="Call timeout (s)">
      <input
        type="number"
        data-testid="call-timeout-input"
        className={inputClass}
        min={1}
        max={3600}
        value={value / 1000}
        title="How long one model call may take to start answering"
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= 1 && v <= 3600) updateSettings((s) => ({ ...s, callTimeoutMs: v * 1000 }));
        }}
      />
    </Field>
  );
}
