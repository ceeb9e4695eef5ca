import { useEffect } from 'react';
import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { ModelPicker } from './ModelPicker';
import { EndpointFields } from './EndpointFields';
import { EngineFields } from './EngineFields';
import { SubModelPicker } from './SubModelPicker';
import { PROVIDER_LABELS } from './labels';
import { PriceTable } from './PriceTable';

export function ProviderPanel() {
  const rootProvider = useApp((s) => s.settings.rootProvider);
  const endpoint = useApp((s) => s.endpointFor(s.settings.rootProvider));
  const key = useApp((s) => s.keys[s.settings.rootProvider] ?? '');
  const updateSettings = useApp((s) => s.updateSettings);
  const refreshModels = useApp((s) => s.refreshModels);

  // Re-list models shortly after the address or key settles, so typing does not fire a request per key.
  useEffect(() => {
    const t = setTimeout(() => void refreshModels(rootProvider), 300);
    return () => clearTimeout(t);
  }, [rootProvider, endpoint, key, refreshModels]);

  const pick = (kind: ProviderKind) =>
    updateSettings((s) => ({
      ...s,
      rootProvider: kind,
      rootModel: '',
      // A sub-model on the same provider follows the switch; one on another provider stays.
      ...(s.subProvider === s.rootProvider ? { subProvider: kind, subModel: '' } : {}),
    }));

  return (
    <section className="space-y-3">
      <Field label="Provider">
        <select
          data-testid="provider-select"
          className={inputClass}
          value={rootProvider}
          onChange={(e) => pick(e.target.value as ProviderKind)}
        >
          {(Object.keys(PROVIDER_LABELS) as ProviderKind[]).map((k) => (
            <option key={k} value={k}>
              {PROVIDER_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>
      <EndpointFields kind={rootProvider} />
      <ModelPicker />
      <SubModelPicker />
      <EngineFields />
      <PriceTable />
    </section>
  );
}
