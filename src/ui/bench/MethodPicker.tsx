import type { BenchConfig, BenchMethod } from '../../bench/types';

export const METHODS: { id: BenchMethod; label: string; description: string }[] = [
  { id: 'rlm', label: 'RLM', description: 'the REPL with context, llm_query and rlm_query' },
  { id: 'rlm-no-sub', label: 'RLM without sub-calls', description: 'the REPL only: llm_query disabled and the prompt says so' },
  { id: 'vanilla', label: 'Vanilla one-shot', description: 'the whole context in one prompt; "exceeds context" when it cannot fit' },
];

export function MethodPicker({ config, onChange }: { config: BenchConfig; onChange(c: BenchConfig): void }) {
  const toggle = (id: BenchMethod, on: boolean) =>
    onChange({ ...config, methods: METHODS.map((m) => m.id).filter((m) => (m === id ? on : config.methods.includes(m))) });
  return (
    <fieldset className="space-y-1">
      <legend className="text-xs font-medium uppercase tracking-wide text-slate-400">Methods</legend>
      {METHODS.map((m) => (
        <label key={m.id} className="flex items-baseline gap-2 text-sm text-slate-200">
          <input type="checkbox" data-testid={`bench-method-${m.id}`} className="accent-sky-500" checked={config.methods.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
          <span className="w-48 shrink-0 font-medium">{m.label}</span>
          <span className="text-xs text-slate-400">{m.description}</span>
        </label>
      ))}
    </fieldset>
  );
}
