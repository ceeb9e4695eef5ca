import { useApp } from '../../store';
import type { ThinkMode } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { NumberInput } from '../kit/NumberInput';
import { BudgetFields } from './BudgetFields';
import { FromLink, LinkLimitsNote } from './FromLink';
import { PromptFields } from './PromptFields';

interface NumberFieldProps {
  label: string;
  k: 'maxIterations' | 'blockTimeoutMs' | 'maxOutputChars' | 'subcallConcurrency' | 'temperature' | 'numCtx';
  min: number;
  max: number;
  step?: number;
  scale?: number;
  /** The long explanation; the label stays short enough for the narrow panel. */
  title: string;
}

function NumberField({ label, k, min, max, step = 1, scale = 1, title }: NumberFieldProps) {
  const value = useApp((s) => s.settings.engine[k] as number);
  const setEngine = useApp((s) => s.setEngine);
  return (
    <Field label={label} hint={<FromLink k={k} />}>
      <NumberInput
        title={title}
        testId={`engine-${k}`}
        min={min}
        max={max}
        step={step}
        value={value / scale}
        onCommit={(v) => setEngine(k, v * scale)}
      />
    </Field>
  );
}

export function EngineFields() {
  const think = useApp((s) => s.settings.engine.think);
  const setEngine = useApp((s) => s.setEngine);
  return (
    <details className="rounded border border-slate-800 p-2">
      <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-400">Run limits &amp; sampling</summary>
      <div className="mt-2 grid grid-cols-2 gap-2">
        <LinkLimitsNote />
        <NumberField label="Iterations" k="maxIterations" min={1} max={100} title="Most root-model turns before an answer is forced" />
        <NumberField label="Block limit (s)" k="blockTimeoutMs" min={1} max={3600} scale={1000} title="Longest one code block may run" />
        <NumberField label="Output cut" k="maxOutputChars" min={500} max={1_000_000} step={500} title="Characters of REPL output shown to the model per turn" />
        <NumberField label="Sub-calls at once" k="subcallConcurrency" min={1} max={64} title="How many llm_query calls may be in flight together (a concurrency limit: it does not cap how many a run makes)" />
        <NumberField label="Temperature" k="temperature" min={0} max={2} step={0.1} title="Sampling temperature (not sent to OpenAI reasoning models, which refuse it)" />
        <NumberField label="num_ctx" k="numCtx" min={2048} max={1_048_576} step={1024} title="Ollama's context window; capped to what the model supports" />
        <CallTimeoutField />
        <Field label="Thinking">
          <select
            data-testid="think-select"
            title="auto: on for models that can think, off otherwise"
            className={inputClass}
            value={think}
            onChange={(e) => setEngine('think', e.target.value as ThinkMode)}
          >
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </Field>
        <BudgetFields />
        <PromptFields />
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
      <NumberInput
        testId="call-timeout-input"
        min={1}
        max={3600}
        value={value / 1000}
        title="How long one model call may take to start answering"
        onCommit={(v) => updateSettings((s) => ({ ...s, callTimeoutMs: v * 1000 }))}
      />
    </Field>
  );
}
