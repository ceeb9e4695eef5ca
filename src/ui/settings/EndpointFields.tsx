import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { OPENAI_PRESETS } from '../../providers/presets';

export function EndpointFields({ kind }: { kind: ProviderKind }) {
  const providers = useApp((s) => s.settings.providers);
  const updateSettings = useApp((s) => s.updateSettings);
  const key = useApp((s) => s.keys[kind] ?? '');
  const setKey = useApp((s) => s.setKey);
  const remembered = useApp((s) => !!s.remembered[kind]);
  const rememberKey = useApp((s) => s.rememberKey);
  const keyStoreError = useApp((s) => s.keyStoreError);

  if (kind === 'ollama') {
    return (
      <Field label="Ollama host" hint="Where `ollama serve` listens. The page calls it directly from your browser.">
        <input
          data-testid="host-input"
          className={inputClass}
          value={providers.ollama.host}
          spellCheck={false}
          onChange={(e) => updateSettings((s) => ({ ...s, providers: { ...s.providers, ollama: { host: e.target.value } } }))}
        />
      </Field>
    );
  }
  const keyField = (
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
        placeholder={kind === 'anthropic' ? 'sk-ant-…' : 'sk-… (leave empty for local servers)'}
        onChange={(e) => setKey(kind, e.target.value)}
      />
      <span className="flex items-center gap-2 text-xs text-slate-400">
        <input
          type="checkbox"
          data-testid="remember-key"
          checked={remembered}
          onChange={(e) => void rememberKey(kind, e.target.checked)}
        />
        Remember on this device
        {remembered && (
          <button
            type="button"
            data-testid="forget-key"
            className="ml-auto rounded bg-slate-800 px-2 py-0.5 text-slate-300 hover:bg-slate-700"
            onClick={() => {
              void rememberKey(kind, false);
              setKey(kind, '');
            }}
          >
            Forget key
          </button>
        )}
      </span>
      {keyStoreError && <span className="text-xs text-amber-300">{keyStoreError}</span>}
    </Field>
  );
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
      <Field label="Base URL">
        <input
          data-testid="base-url-input"
          className={inputClass}
          value={providers.openai.baseURL}
          spellCheck={false}
          onChange={(e) =>
            updateSettings((s) => ({ ...s, providers: { ...s.providers, openai: { preset: 'custom', baseURL: e.target.value } } }))
          }
        />
      </Field>
      {keyField}
    </>
  );
}
