import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { ModelPicker } from './ModelPicker';
import { EndpointFields } from './EndpointFields';
import { EngineFields } from './EngineFields';
import { SubModelPicker } from './SubModelPicker';
import { ProviderOptions } from './labels';
import { useModelRefresh } from './useModelRefresh';
import { PriceTable } from './PriceTable';

export function ProviderPanel() {
  const rootProvider = useApp((s) => s.settings.rootProvider);
  const updateSettings = useApp((s) => s.updateSettings);
  const notice = useApp((s) => s.settingsNotice);
  useModelRefresh(rootProvider);

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
      {notice && <p className="text-xs text-amber-300" data-testid="settings-notice">{notice}</p>}
      <Field label="Provider">
        <select
          data-testid="provider-select"
          className={inputClass}
          value={rootProvider}
          onChange={(e) => pick(e.target.value as ProviderKind)}
        >
          <ProviderOptions />
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
