import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { OPENAI_PRESETS, getPreset } from '../../providers/presets';
import { OllamaHostFields } from './OllamaHostFields';
import { lazy, Suspense } from 'react';

// The in-page model's panel (and through it wllama) loads only when that provider is picked.
const InpageFields = lazy(() => import('./inpage/InpageFields'));

export function EndpointFields({ kind }: { kind: ProviderKind }) {
  const providers = useApp((s) => s.settings.providers);
  const updateSettings = useApp((s) => s.updateSettings);

  if (kind === 'ollama') return <OllamaHostFields />;
  if (kind === 'inpage')
    return (
      <Suspense fallback={<p className="text-xs text-slate-400">Loading…</p>}>
        <InpageFields />
      </Suspense>
    );
  const keyField = <KeyField kind={kind} />;
  if (kind === 'anthropic') return keyField;
  const preset = providers.openai.preset;
  return (
    <>
      <Field label="Service">
        <select
          data-testid="preset-select"
          className={inputClass}
          value={preset}
          onChange={(e) => {
            const p = Object.values(OPENAI_PRESETS).find((x) => x.id === e.target.value);
            updateSettings((s) => ({
              ...s,
              rootModel: '',
              providers: { ...s.providers, openai: { preset: e.target.value, baseURL: p?.baseURL || s.providers.openai.baseURL } },
            }));
          }}
        >
          {Object.values(OPENAI_PRESETS).map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Base URL" hint={<BaseUrlHint />}>
        <input
          data-testid="base-url-input"
          className={inputClass}
          value={providers.openai.baseURL}
          spellCheck={false}
          // The preset stays: a proxy or a self-hosted mirror of a service still speaks that service's dialect.
          onChange={(e) =>
            updateSettings((s) => ({ ...s, providers: { ...s.providers, openai: { ...s.providers.openai, baseURL: e.target.value } } }))
          }
        />
      </Field>
      {keyField}
    </>
  );
}

function BaseUrlHint() {
  const openai = useApp((s) => s.settings.providers.openai);
  const updateSettings = useApp((s) => s.updateSettings);
  const preset = getPreset(openai.preset);
  if (openai.baseURL.trim() === preset.baseURL || preset.id === 'custom') return null;
  return (
    <>
      Not {preset.label}’s own address ({preset.baseURL}).{' '}
      <button
        type="button"
        className="text-sky-400 hover:text-sky-300"
        onClick={() => updateSettings((s) => ({ ...s, providers: { ...s.providers, openai: { ...s.providers.openai, baseURL: preset.baseURL } } }))}
      >
        Reset
      </button>
    </>
  );
}

/** The key lives in memory unless the user ticks "remember"; the checkbox has its own label so a click means what it says. */
function KeyField({ kind }: { kind: ProviderKind }) {
  const key = useApp((s) => s.keys[kind] ?? '');
  const setKey = useApp((s) => s.setKey);
  const remembered = useApp((s) => !!s.remembered[kind]);
  const rememberKey = useApp((s) => s.rememberKey);
  const forgetKey = useApp((s) => s.forgetKey);
  const keyStoreError = useApp((s) => s.keyStoreError);
  const preset = useApp((s) => getPreset(s.settings.providers.openai.preset));
  const keyUrl = kind === 'anthropic' ? 'https://console.anthropic.com/settings/keys' : preset.keyUrl;
  return (
    <div className="space-y-1">
      <Field
        label="API key"
        hint={
          remembered
            ? 'Stored in this browser (IndexedDB) until you forget it; never logged, exported or given to the Python sandbox.'
            : "Kept in this tab's memory only; never stored, logged or given to the Python sandbox."
        }
      >
        <input
          data-testid="api-key-input"
          type="password"
          autoComplete="off"
          className={inputClass}
          value={key}
          placeholder={kind === 'anthropic' ? 'sk-ant-…' : preset.needsKey ? 'sk-…' : 'sk-… (leave empty for local servers)'}
          onChange={(e) => setKey(kind, e.target.value)}
        />
      </Field>
      <div className="flex items-center gap-2 text-xs text-slate-400">
        <label className="flex items-center gap-2">
          <input type="checkbox" data-testid="remember-key" checked={remembered} onChange={(e) => void rememberKey(kind, e.target.checked)} />
          Remember on this device
        </label>
        {keyUrl && !key && (
          <a className="text-sky-400 hover:text-sky-300" href={keyUrl} target="_blank" rel="noreferrer">
            get a key
          </a>
        )}
        {remembered && (
          <button
            type="button"
            data-testid="forget-key"
            className="ml-auto rounded bg-slate-800 px-2 py-0.5 text-slate-300 hover:bg-slate-700"
            onClick={() => void forgetKey(kind)}
          >
            Forget key
          </button>
        )}
      </div>
      {keyStoreError && <p className="text-xs text-amber-300">{keyStoreError}</p>}
    </div>
  );
}
