import { useApp } from '../../store';
import { Field } from '../kit/Field';
import { NumberInput } from '../kit/NumberInput';
import { FromLink } from './FromLink';

type BudgetKey = 'maxTokens' | 'maxCostUsd' | 'maxWallMs' | 'maxSubcalls' | 'maxErrors';

interface BudgetProps {
  label: string;
  k: BudgetKey;
  max: number;
  step?: number;
  scale?: number;
  title: string;
}

/** A budget over the whole run tree; empty = unlimited. */
function BudgetField({ label, k, max, step = 1, scale = 1, title }: BudgetProps) {
  const value = useApp((s) => s.settings.engine[k]);
  const setEngine = useApp((s) => s.setEngine);
  return (
    <Field label={label} hint={<FromLink k={k} />}>
      <NumberInput
        optional
        title={title}
        testId={`engine-${k}`}
        min={0}
        max={max}
        step={step}
        value={value === null ? null : value / scale}
        onCommit={(v) => setEngine(k, v === null ? null : Math.round(v * scale * 1e6) / 1e6)}
      />
    </Field>
  );
}

function WholeField({ label, k, min, max, title }: { label: string; k: 'maxDepth' | 'childConcurrency'; min: number; max: number; title: string }) {
  const value = useApp((s) => s.settings.engine[k]);
  const setEngine = useApp((s) => s.setEngine);
  return (
    <Field label={label} hint={<FromLink k={k} />}>
      <NumberInput title={title} testId={`engine-${k}`} min={min} max={max} value={value} onCommit={(v) => setEngine(k, Math.round(v))} />
    </Field>
  );
}

/** Budgets (for the whole tree of runs) and recursion. */
export function BudgetFields() {
  const cache = useApp((s) => s.settings.engine.subcallCache);
  const setEngine = useApp((s) => s.setEngine);
  return (
    <fieldset className="col-span-2 grid grid-cols-2 gap-2 border-t border-slate-800 pt-2">
      <legend className="text-xs text-slate-400">Budgets for the whole run (empty = no limit)</legend>
      <BudgetField label="Tokens" k="maxTokens" max={1e12} step={1000} title="Input + output tokens of every call, root and sub-calls, child runs included" />
      <BudgetField label="Cost (USD)" k="maxCostUsd" max={1e6} step={0.01} title="From the price table; calls of unknown price are not counted" />
      <BudgetField label="Wall time (s)" k="maxWallMs" max={1e6} scale={1000} title="Whole run; a block still running is interrupted" />
      <BudgetField label="Sub-calls" k="maxSubcalls" max={1e9} title="llm_query and rlm_query calls in the whole run (0 forbids them)" />
      <BudgetField label="Errors in a row" k="maxErrors" max={1000} title="Consecutive iterations whose code raised" />
      <WholeField label="Max depth" k="maxDepth" min={1} max={10} title="Levels of runs: 1 = rlm_query answers as llm_query; 2 = it may start one level of child runs" />
      <WholeField label="Children at once" k="childConcurrency" min={1} max={32} title="Child runs of one run in flight together" />
      <label className="flex items-center gap-2 self-end text-sm text-slate-300" title="An identical sub-call (same kind, model, prompt and sampling) is answered from the first one">
        <input type="checkbox" data-testid="engine-subcallCache" checked={cache} onChange={(e) => setEngine('subcallCache', e.target.checked)} />
        Sub-call cache
      </label>
    </fieldset>
  );
}

