import { INPAGE_CATALOG } from '../../../providers/inpage/catalog';
import type { StoredModel } from '../../../providers/inpage/store';
import { formatBytes } from '../../../core/format';

/** Size, source and licence of each model are on screen before anything is fetched. */
export function InpageCatalog({ stored, busy, onLoad }: { stored: StoredModel[]; busy: boolean; onLoad(url: string): void }) {
  return (
    <details data-testid="inpage-catalog" className="rounded border border-slate-700 p-2 text-xs" open={stored.length === 0}>
      <summary className="cursor-pointer text-slate-300">Small models that run on a laptop CPU</summary>
      <ul className="mt-2 space-y-2">
        {INPAGE_CATALOG.map((m) => {
          const have = stored.find((s) => s.url === m.url);
          return (
            <li key={m.id} data-testid={`inpage-catalog-${m.id}`} className="flex items-start gap-2">
              <div className="flex-1">
                <div className="text-slate-100">
                  {m.label} <span className="text-slate-400">· {m.params} · {m.quant} · {have?.complete ? formatBytes(have.size) : `about ${formatBytes(m.bytes)}`}</span>
                </div>
                <div className="text-slate-400">
                  From{' '}
                  <a className="text-sky-400 hover:text-sky-300" href={m.source} target="_blank" rel="noreferrer">
                    {m.source.replace('https://', '')}
                  </a>{' '}
                  · licence{' '}
                  <a className="text-sky-400 hover:text-sky-300" href={m.licenceUrl} target="_blank" rel="noreferrer">
                    {m.licence}
                  </a>
                </div>
                <div className="text-slate-500">{m.note}</div>
              </div>
              <button type="button" disabled={busy} className="rounded bg-sky-700 px-2 py-1 text-white hover:bg-sky-800 disabled:opacity-50" onClick={() => onLoad(m.url)}>
                {have?.complete ? 'Load' : have ? 'Resume' : 'Download'}
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
