import { useState } from 'react';
import type { ProviderKind } from '../../core/types';
import type { BenchConfig, BenchModel } from '../../bench/types';
import { useApp } from '../../store';
import type { ListedModel } from '../../store/ollamaModels';
import { inputClass } from '../kit/Field';
import { useModelRefresh } from '../settings/useModelRefresh';
import { hostLabel } from '../settings/ModelSelect';

const KINDS: { kind: ProviderKind; label: string }[] = [
  { kind: 'ollama', label: 'Ollama' },
  { kind: 'openai', label: 'OpenAI-compatible' },
  { kind: 'anthropic', label: 'Anthropic' },
  { kind: 'inpage', label: 'In this browser (one call at a time)' },
];

const same = (a: BenchModel, provider: ProviderKind, model: string) => a.provider === provider && a.model === model;

/** A provider counts as configured once it is picked for a role or has a key: the others would only answer 401. */
function useConfigured(kind: ProviderKind): boolean {
  return useApp((s) => kind === 'ollama' || s.settings.rootProvider === kind || s.settings.subProvider === kind || Boolean(s.keys[kind]));
}

function ProviderModels({ kind, label, config, onChange }: { kind: ProviderKind; label: string; config: BenchConfig; onChange(c: BenchConfig): void }) {
  const configured = useConfigured(kind);
  useModelRefresh(kind, configured);
  const state = useApp((s) => s.models[kind]);
  if (!configured) return null;
  const list: ListedModel[] = state.status === 'ok' ? state.list : [];
  const toggle = (m: ListedModel, on: boolean) =>
    onChange({
      ...config,
      models: on ? [...config.models, { provider: kind, model: m.name, hosts: m.host ? [m.host] : [] }] : config.models.filter((x) => !same(x, kind, m.name)),
    });
  return (
    <div className="space-y-1">
      <p className="text-xs text-slate-400">
        {label}
        {state.status === 'loading' && ' — listing…'}
        {state.status === 'error' && ` — ${state.message}`}
        {state.status === 'ok' && !list.length && ' — no models'}
      </p>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {list.map((m) => (
          <label key={`${m.name}\t${m.host ?? ''}`} className="flex items-center gap-1.5 text-sm text-slate-200">
            <input
              type="checkbox"
              className="accent-sky-500"
              data-testid="bench-model-option"
              data-provider={kind}
              data-model={m.name}
              checked={config.models.some((x) => same(x, kind, m.name))}
              onChange={(e) => toggle(m, e.target.checked)}
            />
            <span className="font-mono">{m.name}</span>
            {m.host && <span className="text-xs text-slate-400">on {hostLabel(m.host)}</span>}
          </label>
        ))}
      </div>
    </div>
  );
}

function ChosenModel({ m, onHosts, onRemove }: { m: BenchModel; onHosts(hosts: string[]): void; onRemove(): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const settle = () => {
    if (draft !== null) onHosts(draft.split(/[\s,]+/).filter(Boolean));
    setDraft(null);
  };
  return (
    <li data-testid="bench-model" data-provider={m.provider} data-model={m.model} className="flex items-center gap-2 text-sm">
      <span className="shrink-0 font-mono text-slate-100">{m.model}</span>
      <span className="shrink-0 text-xs text-slate-400">{m.provider}</span>
      <input
        aria-label={`Hosts serving ${m.model} (space or comma separated; empty: the provider's own)`}
        data-testid="bench-model-hosts"
        placeholder="hosts: the provider's own"
        className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
        value={draft ?? m.hosts.join(', ')}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={settle}
        onKeyDown={(e) => e.key === 'Enter' && settle()}
      />
      <button type="button" aria-label={`Remove ${m.model}`} className="text-xs text-slate-400 hover:text-red-300" onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}

function AddModel({ onAdd }: { onAdd(m: BenchModel): void }) {
  const [provider, setProvider] = useState<ProviderKind>('ollama');
  const [name, setName] = useState('');
  return (
    <form
      className="flex gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onAdd({ provider, model: name.trim(), hosts: [] });
        setName('');
      }}
    >
      <select aria-label="Provider of the model to add" className={`${inputClass} w-44`} value={provider} onChange={(e) => setProvider(e.target.value as ProviderKind)}>
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      <input aria-label="Model name to add" data-testid="bench-add-model" placeholder="a model the list does not show" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="rounded bg-slate-700 px-2 text-sm text-white hover:bg-slate-600">
        Add
      </button>
    </form>
  );
}

/** Models from every configured provider, each with the hosts that serve it (a pool: least busy first). */
export function BenchModels({ config, onChange }: { config: BenchConfig; onChange(c: BenchConfig): void }) {
  const setModels = (models: BenchModel[]) => onChange({ ...config, models });
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium uppercase tracking-wide text-slate-400">Models</legend>
      {KINDS.map((k) => (
        <ProviderModels key={k.kind} kind={k.kind} label={k.label} config={config} onChange={onChange} />
      ))}
      {config.models.length > 0 && (
        <ul className="space-y-1" aria-label="Chosen models">
          {config.models.map((m, i) => (
            <ChosenModel
              key={`${m.provider}|${m.model}`}
              m={m}
              onHosts={(hosts) => setModels(config.models.map((x, j) => (j === i ? { ...x, hosts } : x)))}
              onRemove={() => setModels(config.models.filter((_, j) => j !== i))}
            />
          ))}
        </ul>
      )}
      <AddModel onAdd={(m) => !config.models.some((x) => same(x, m.provider, m.model)) && setModels([...config.models, m])} />
    </fieldset>
  );
}
