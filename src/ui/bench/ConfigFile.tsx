import { useState } from 'react';
import type { BenchConfig, BenchModel } from '../../bench/types';
import { downloadText } from './download';
import type { BenchLib } from './lib';

const link = 'cursor-pointer rounded border border-slate-600 px-2 py-1 text-xs text-slate-200 hover:bg-slate-800 focus-within:outline focus-within:outline-2 focus-within:outline-sky-500';

/** Presets, and the config as a JSON file (save to share, load to repeat). */
export function ConfigFile({ lib, config, available, onChange }: { lib: BenchLib; config: BenchConfig; available: BenchModel[]; onChange(c: BenchConfig): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const load = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      return setProblem(`${file.name} is not JSON: ${(e as Error).message}. The config is unchanged.`);
    }
    const r = lib.validateConfig(json);
    if (!r.ok) return setProblem(`${file.name}: ${r.message}. The config is unchanged.`);
    setProblem(null);
    onChange(r.config);
  };
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium uppercase tracking-wide text-slate-400">Presets</span>
        {lib.presets.map((p) => (
          <button key={p.name} type="button" data-testid="bench-preset" data-preset={p.name} title={p.description} className={link} onClick={() => onChange(p.build(available))}>
            {p.name}
          </button>
        ))}
        <span className="ml-auto flex gap-2">
          <button type="button" data-testid="bench-save-config" className={link} onClick={() => downloadText('bench-config.json', `${JSON.stringify(config, null, 2)}\n`, 'application/json')}>
            Save config
          </button>
          <label className={link}>
            Load config
            <input
              type="file"
              accept=".json,application/json"
              className="sr-only"
              data-testid="bench-load-config"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) await load(f);
                e.target.value = '';
              }}
            />
          </label>
        </span>
      </div>
      {problem && (
        <p role="alert" data-testid="bench-config-problem" className="text-xs text-amber-300">
          {problem}
        </p>
      )}
    </div>
  );
}
