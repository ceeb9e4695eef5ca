import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { Field, inputClass } from '../kit/Field';
import { AdviceText } from '../kit/AdviceText';
import { EndpointFields } from './EndpointFields';
import { ModelDetails } from './ModelDetails';
import { ModelSelect } from './ModelSelect';
import { PullPanel } from './PullPanel';
import { ProviderOptions } from './labels';
import { useModelRefresh } from './useModelRefresh';

/** The model behind llm_query: the root model by default, or any model on any provider. */
export function SubModelPicker() {
  const rootKind = useApp((s) => s.settings.rootProvider);
  const subKind = useApp((s) => s.settings.subProvider);
  const subModel = useApp((s) => s.settings.subModel);
  const models = useApp((s) => s.models[s.settings.subProvider]);
  const updateSettings = useApp((s) => s.updateSettings);
  const separate = subKind !== rootKind;
  const rootModel = useApp((s) => s.settings.rootModel);
  // The root picker already shows details and the pull offer for the same model.
  const ownOllamaModel = subKind === 'ollama' && !!subModel && (separate || subModel !== rootModel);

  useModelRefresh(subKind, separate);

  return (
    <div className="space-y-2 rounded border border-slate-800 p-2">
      <Field label="Sub-model for llm_query">
        <select
          data-testid="sub-provider-select"
          className={inputClass}
          value={subKind}
          onChange={(e) => updateSettings((s) => ({ ...s, subProvider: e.target.value as ProviderKind, subModel: '' }))}
        >
          <ProviderOptions mark={rootKind} markText=" (root provider)" />
        </select>
      </Field>
      {separate && <EndpointFields kind={subKind} />}
      {separate && models.status === 'error' && (
        <div data-testid="sub-connection-error" className="text-xs text-rose-300">
          <AdviceText text={models.message} />
        </div>
      )}
      <ModelSelect role="sub" testId="sub-model-select" emptyLabel={separate ? 'Pick a model…' : 'Same as root'} label="Sub-model" />
      {ownOllamaModel && <ModelDetails model={subModel} testId="sub-model-details" />}
      {ownOllamaModel && <PullPanel model={subModel} />}
    </div>
  );
}
