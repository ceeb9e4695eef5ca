import { useState } from 'react';
import type { BenchRecord } from '../../bench/types';

const link = 'text-xs text-sky-400 hover:underline';

function describe(r: BenchRecord): string {
  const models = r.config.models.map((m) => m.model).join(', ') || 'no models';
  return `${r.config.tasks.join(', ')} · ${models} · ${r.trials.length} trials · ${r.status}`;
}

/** Saved benchmarks (this browser), and importing one a colleague exported. */
export function SavedList({
  saved,
  currentId,
  onOpen,
  onDelete,
  onRunAgain,
  onImport,
}: {
  saved: BenchRecord[];
  currentId: string | null;
  onOpen(id: string): void;
  onDelete(id: string): void;
  onRunAgain(r: BenchRecord): void;
  onImport(json: string): void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <section aria-label="Saved benchmarks" className="space-y-2">
      <div className="flex items-center">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-400">Saved benchmarks</h2>
        <label className="ml-auto cursor-pointer text-xs text-sky-400 hover:underline focus-within:outline focus-within:outline-2 focus-within:outline-sky-500">
          Import results JSON
          <input
            type="file"
            accept=".json,application/json"
            className="sr-only"
            data-testid="bench-import-input"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) onImport(await f.text());
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {!saved.length && <p className="text-xs text-slate-400">Each benchmark is kept here, in this browser, trial by trial as it runs.</p>}
      <ul className="space-y-1">
        {saved.map((r) => (
          <li key={r.id} data-testid="bench-saved" data-id={r.id} data-status={r.status} className={`flex flex-wrap items-baseline gap-2 rounded px-1 text-xs ${r.id === currentId ? 'bg-slate-800' : ''}`}>
            <span className="text-slate-400">{new Date(r.createdAt).toLocaleString()}</span>
            <span className="min-w-0 flex-1 truncate text-slate-200" title={describe(r)}>
              {describe(r)}
            </span>
            <button type="button" data-testid="bench-saved-open" className={link} onClick={() => onOpen(r.id)}>
              Open
            </button>
            <button type="button" data-testid="bench-saved-again" className={link} onClick={() => onRunAgain(r)}>
              Run this again
            </button>
            {confirming === r.id ? (
              <button
                type="button"
                data-testid="bench-saved-delete-confirm"
                className="text-xs text-red-300 hover:underline"
                onClick={() => {
                  setConfirming(null);
                  onDelete(r.id);
                }}
              >
                Delete for good
              </button>
            ) : (
              <button type="button" data-testid="bench-saved-delete" className="text-xs text-slate-400 hover:text-red-300" onClick={() => setConfirming(r.id)}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
