import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { OPENAI_PRESETS } from '../../providers/presets';

export function EndpointFields({ kind }: { kind: ProviderKind }) {
  const providers = useApp((s) => s.settings.providers);
  const updateSettings = useApp((s) => s.updateSettings);
  const key = useApp((s) => s.keys[kind] ?? '');
  const setKey = useApp((s) => s.setKey);

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
    <Field label="API key" hint="Kept in this tab's memory only; never stored, logged or given to the Python sandbox.">
      <input
        data-testid="api-key-input"
        type="password"
        autoComplete="off"
        className={inputClass}
        value={key}
        placeholder={kind === 'anthropic' ? 'sk-ant-…' : 'sk-… (leave empty for local servers)'}
        onChange={(e) => setKey(kind, e.target.value)}
      />
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
