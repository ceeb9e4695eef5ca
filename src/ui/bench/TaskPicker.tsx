import type { BenchConfig, TaskDef, TaskId } from '../../bench/types';

/** Each built-in task as a checkbox with its one-line description; "your own cases" once a file is loaded. */
export function TaskPicker({ tasks, config, onChange }: { tasks: TaskDef[]; config: BenchConfig; onChange(c: BenchConfig): void }) {
  const toggle = (id: TaskId, on: boolean) => onChange({ ...config, tasks: on ? [...config.tasks.filter((t) => t !== id), id] : config.tasks.filter((t) => t !== id) });
  return (
    <fieldset className="space-y-1">
      <legend className="text-xs font-medium uppercase tracking-wide text-slate-400">Tasks</legend>
      {tasks.map((t) => (
        <label key={t.id} className="flex items-baseline gap-2 text-sm text-slate-200">
          <input type="checkbox" data-testid={`bench-task-${t.id}`} className="accent-sky-500" checked={config.tasks.includes(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} />
          <span className="w-40 shrink-0 font-medium">{t.label}</span>
          <span className="text-xs text-slate-400">
            {t.description} <span className="text-slate-400">({t.size === 'lines' ? 'lines' : 'characters'})</span>
          </span>
        </label>
      ))}
      {config.custom && (
        <label className="flex items-baseline gap-2 text-sm text-slate-200">
          <input type="checkbox" data-testid="bench-task-custom" className="accent-sky-500" checked={config.tasks.includes('custom')} onChange={(e) => toggle('custom', e.target.checked)} />
          <span className="w-40 shrink-0 font-medium">Your cases</span>
          <span className="text-xs text-slate-400">
            {config.custom.name}: {config.custom.cases.length} case{config.custom.cases.length === 1 ? '' : 's'}
          </span>
        </label>
      )}
    </fieldset>
  );
}
