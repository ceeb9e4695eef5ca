import { useApp } from '../../store';
import { Field } from '../kit/Field';
import { AdviceText } from '../kit/AdviceText';
import { ModelDetails } from './ModelDetails';
import { ModelSelect } from './ModelSelect';
import { PullPanel } from './PullPanel';

export function ModelPicker() {
  const kind = useApp((s) => s.settings.rootProvider);
  const models = useApp((s) => s.models[s.settings.rootProvider]);
  const rootModel = useApp((s) => s.settings.rootModel);
  const refreshModels = useApp((s) => s.refreshModels);
  const list = models.status === 'ok' ? models.list : [];
  const elsewhere = list.filter((m) => m.host).length;

  return (
    <div className="space-y-3">
      <div data-testid="connection-status" className="text-xs">
        {models.status === 'loading' && <span className="text-slate-400">Connecting…</span>}
        {models.status === 'ok' && (
          <span className="text-emerald-400">
            Connected · {list.length} model{list.length === 1 ? '' : 's'}
            {elsewhere > 0 && ` (${elsewhere} on other hosts)`}
          </span>
        )}
        {models.status === 'error' && (
          <div role="alert" data-testid="connection-error" className="space-y-2 rounded border border-rose-800 bg-rose-950/50 p-2 text-rose-200">
            <AdviceText text={models.message} />
            <button className="rounded bg-rose-800 px-2 py-0.5 text-rose-50 hover:bg-rose-700" onClick={() => void refreshModels(kind)}>
              Try again
            </button>
          </div>
        )}
      </div>
      <Field label="Root model">
        <ModelSelect role="root" testId="model-select" emptyLabel="Pick a model…" label="Root model" />
      </Field>
      {kind === 'ollama' && <ModelDetails model={rootModel} testId="model-details" />}
      {kind === 'ollama' && <PullPanel model={rootModel} />}
    </div>
  );
}
