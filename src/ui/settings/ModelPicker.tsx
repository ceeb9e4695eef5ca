import { useApp } from '../../store';
import { Field, inputClass } from '../kit/Field';

export function ModelPicker() {
  const kind = useApp((s) => s.settings.rootProvider);
  const models = useApp((s) => s.models[s.settings.rootProvider]);
  const rootModel = useApp((s) => s.settings.rootModel);
  const updateSettings = useApp((s) => s.updateSettings);
  const refreshModels = useApp((s) => s.refreshModels);

  const list = models.status === 'ok' ? models.list : [];
  // Keep a chosen model visible even before (or without) a successful listing.
  const names = Array.from(new Set([...(rootModel ? [rootModel] : []), ...list.map((m) => m.name)]));
  const details = new Map(list.map((m) => [m.name, m.details]));

  return (
    <div className="space-y-3">
      <div data-testid="connection-status" className="text-xs">
        {models.status === 'loading' && <span className="text-slate-400">Connecting…</span>}
        {models.status === 'ok' && (
          <span className="text-emerald-400">
            Connected · {list.length} model{list.length === 1 ? '' : 's'}
          </span>
        )}
        {models.status === 'error' && (
          <div role="alert" data-testid="connection-error" className="space-y-2 rounded border border-rose-800 bg-rose-950/50 p-2 text-rose-200">
            <p className="whitespace-pre-wrap">{models.message}</p>
            <button className="rounded bg-rose-800 px-2 py-0.5 text-rose-50 hover:bg-rose-700" onClick={() => void refreshModels(kind)}>
              Try again
            </button>
          </div>
        )}
      </div>
      <Field label="Root model">
        <select
          data-testid="model-select"
          className={inputClass}
          value={rootModel}
          onChange={(e) => updateSettings((s) => ({ ...s, rootModel: e.target.value }))}
        >
          {!rootModel && <option value="">Pick a model…</option>}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
              {details.get(n) ? ` — ${details.get(n)}` : ''}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
