import { inpageEngine } from '../../../providers/inpage/engine';
import type { StoredModel } from '../../../providers/inpage/store';
import { formatBytes } from '../../../core/format';

interface Props {
  models: StoredModel[];
  estimate: { usage: number; quota: number } | null;
  busy: boolean;
  reload(): Promise<void>;
  onLoad(m: StoredModel, restart?: boolean): void;
}

const small = 'rounded bg-slate-800 px-2 py-0.5 text-slate-200 hover:bg-slate-700 disabled:opacity-50';

export function InpageStored({ models, estimate, busy, reload, onLoad }: Props) {
  const remove = async (m: StoredModel) => {
    await inpageEngine().store.remove(m.key);
    await reload();
  };
  return (
    <section data-testid="inpage-stored" className="space-y-1 text-xs">
      <h3 className="font-medium uppercase tracking-wide text-slate-400">Models in this browser</h3>
      {models.length === 0 && <p className="text-slate-500">None yet: a downloaded model is kept here (origin-private storage) for the next visit.</p>}
      <ul className="space-y-1">
        {models.map((m) => (
          <li key={m.key} data-testid="inpage-stored-model" className="flex items-center gap-2">
            <span className="flex-1 truncate font-mono" title={m.url}>
              {m.name}
            </span>
            <span className="text-slate-400">{m.complete ? formatBytes(m.size) : `${formatBytes(m.size)} of ${formatBytes(m.total)} (stopped)`}</span>
            <button type="button" disabled={busy} className={small} onClick={() => onLoad(m)}>
              {m.complete ? 'Load' : 'Resume'}
            </button>
            {!m.complete && (
              <button type="button" disabled={busy} className={small} onClick={() => onLoad(m, true)}>
                Restart
              </button>
            )}
            <button type="button" data-testid="inpage-stored-delete" disabled={busy} className={small} onClick={() => void remove(m)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {estimate && (
        <p data-testid="inpage-storage" className="text-slate-500">
          This site uses {formatBytes(estimate.usage)} of {formatBytes(estimate.quota)} the browser allows it.
        </p>
      )}
    </section>
  );
}
