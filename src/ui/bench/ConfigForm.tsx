import type { BenchConfig, NeedlePosition, TaskDef } from '../../bench/types';
import { Field, inputClass } from '../kit/Field';
import { NumberInput } from '../kit/NumberInput';
import { BenchModels } from './BenchModels';
import { ListInput } from './ListInput';
import { MethodPicker } from './MethodPicker';
import { TaskPicker } from './TaskPicker';

const POSITIONS: NeedlePosition[] = ['start', 'middle', 'end', 'random'];

/** The matrix: tasks × sizes × models × methods × trials. Every change goes to the store at once (it is saved there). */
export function ConfigForm({ tasks, config, onChange }: { tasks: TaskDef[]; config: BenchConfig; onChange(c: BenchConfig): void }) {
  const chosen = tasks.filter((t) => config.tasks.includes(t.id));
  const usesLines = chosen.some((t) => t.size === 'lines');
  const usesChars = chosen.some((t) => t.size === 'chars');
  return (
    <div className="grid gap-6 xl:grid-cols-[3fr_2fr]" data-testid="bench-config">
      <div className="space-y-4">
        <TaskPicker tasks={tasks} config={config} onChange={onChange} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field label="Lines" hint={usesLines ? 'NIAH haystack lines, one column each' : 'for line-based tasks'}>
            <ListInput values={config.lines} testId="bench-lines" label="Lines" onCommit={(lines) => onChange({ ...config, lines })} />
          </Field>
          <Field label="Sizes (characters)" hint={usesChars ? '8k … 10M, one column each' : 'for size-based tasks'}>
            <ListInput values={config.sizes} testId="bench-sizes" label="Sizes in characters" onCommit={(sizes) => onChange({ ...config, sizes })} />
          </Field>
          <Field label="Needle position">
            <select data-testid="bench-position" className={inputClass} value={config.position} onChange={(e) => onChange({ ...config, position: e.target.value as NeedlePosition })}>
              {POSITIONS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <MethodPicker config={config} onChange={onChange} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field label="Trials">
            <NumberInput testId="bench-trials" value={config.trials} min={1} max={1000} onCommit={(trials) => onChange({ ...config, trials })} />
          </Field>
          <Field label="Seed">
            <NumberInput testId="bench-seed" value={config.seed} min={0} max={2 ** 31 - 1} onCommit={(seed) => onChange({ ...config, seed })} />
          </Field>
          <Field label="Per host at once" hint="1 for a local Ollama (OLLAMA_NUM_PARALLEL)">
            <NumberInput testId="bench-per-host" value={config.perHost} min={1} max={64} onCommit={(perHost) => onChange({ ...config, perHost })} />
          </Field>
        </div>
      </div>
      <BenchModels config={config} onChange={onChange} />
    </div>
  );
}
