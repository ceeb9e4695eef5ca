import { useState } from 'react';
import { useApp } from '../../store';
import { describeKey, optionValue, parseOptionValue, type ListedModel } from '../../store/ollamaModels';
import { ollamaHostFor } from '../../store/settings';
import { inputClass } from '../kit/Field';
import { OLLAMA_DEFAULT_HOST } from '../../providers/ollama';
import { normalizeHost } from '../../providers/util';

const OTHER = '\u0000other';
/** About what a select in the side panel shows of a name before cutting it. */
const LONG_NAME = 26;

/** "qwen3:4b — 4.0B · qwen3 · Q4_K_M · 2.5 GB · thinks · on gpu-box:11434" */
function optionLabel(m: ListedModel, thinks: boolean | undefined): string {
  const bits = [m.details, thinks ? 'thinks' : '', m.host ? `on ${hostLabel(m.host)}` : ''].filter(Boolean);
  return bits.length ? `${m.name} — ${bits.join(' · ')}` : m.name;
}

export function hostLabel(host: string): string {
  try {
    // The same reading as the calls: a bare `gpu-box` is port 11434, not 80.
    return new URL(normalizeHost(host, OLLAMA_DEFAULT_HOST)).host;
  } catch {
    return host;
  }
}

/**
 * The model list for a role, plus "Other model…" for a name the server does
 * not list (a `:cloud` model, a fine-tune behind a proxy): it is sent as typed.
 */
export function ModelSelect({ role, testId, emptyLabel, label }: { role: 'root' | 'sub'; testId: string; emptyLabel: string; label: string }) {
  const kind = useApp((s) => (role === 'root' ? s.settings.rootProvider : s.settings.subProvider));
  const model = useApp((s) => (role === 'root' ? s.settings.rootModel : s.settings.subModel));
  const models = useApp((s) => s.models[kind]);
  const ollama = useApp((s) => s.settings.providers.ollama);
  const described = useApp((s) => s.described);
  const chooseModel = useApp((s) => s.chooseModel);
  const [typing, setTyping] = useState(false);
  const [draft, setDraft] = useState('');

  const list: ListedModel[] = models.status === 'ok' ? models.list : [];
  const thinks = (m: ListedModel) => (kind === 'ollama' ? described[describeKey(m.host ?? ollama.host, m.name)]?.supportsThinking : m.supportsThinking);
  const current = kind === 'ollama' && model ? { name: model, host: ollama.modelHosts[model] } : { name: model };
  const value = typing ? OTHER : current.host ? `${model}\t${current.host}` : model;
  // Keep a chosen model visible even before (or without) a successful listing.
  const listed = list.some((m) => optionValue(m) === value);

  const chosen = list.find((m) => optionValue(m) === value);
  const fullLabel = chosen ? optionLabel(chosen, thinks(chosen)) : model;

  const commit = () => {
    const name = draft.trim();
    if (name) chooseModel(role, name);
    setTyping(false);
  };

  return (
    <div className="space-y-1">
      <select
        data-testid={testId}
        aria-label={label}
        // A select cuts its text at its width: the whole name is in the tooltip, and below when long.
        title={fullLabel || undefined}
        className={inputClass}
        value={value}
        onChange={(e) => {
          if (e.target.value === OTHER) return setTyping(true);
          const { name, host } = parseOptionValue(e.target.value);
          setTyping(false);
          chooseModel(role, name, host);
        }}
      >
        <option value="">{emptyLabel}</option>
        {model && !listed && !typing && (
          <option value={value}>
            {model}
            {kind === 'ollama' && ollamaHostFor(model, ollama) !== ollama.host ? ` — on ${hostLabel(ollamaHostFor(model, ollama))}` : ''}
          </option>
        )}
        {list.map((m) => (
          <option key={optionValue(m)} value={optionValue(m)}>
            {optionLabel(m, thinks(m))}
          </option>
        ))}
        <option value={OTHER}>Other model (type its name)…</option>
      </select>
      {!typing && model.length > LONG_NAME && (
        <p data-testid={`${testId}-full-name`} className="break-all font-mono text-xs text-slate-300">
          {model}
        </p>
      )}
      {typing && (
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            commit();
          }}
        >
          <input
            autoFocus
            data-testid={`${testId}-other`}
            aria-label={`${label}: name to send`}
            className={inputClass}
            value={draft}
            spellCheck={false}
            placeholder={kind === 'ollama' ? 'e.g. gpt-oss:120b-cloud' : 'model id as the server names it'}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" data-testid={`${testId}-other-use`} className="rounded bg-sky-700 px-2 text-sm text-white hover:bg-sky-800">
            Use
          </button>
        </form>
      )}
    </div>
  );
}
