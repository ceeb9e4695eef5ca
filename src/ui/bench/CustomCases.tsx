import { useState } from 'react';
import type { BenchConfig } from '../../bench/types';
import type { BenchLib } from './lib';

/**
 * Bring your own cases: a JSONL file, plus any context files its cases name. A bad line is reported with its number
 * and nothing is added, so a matrix never runs half a file.
 */
export function CustomCases({ lib, config, onChange }: { lib: BenchLib; config: BenchConfig; onChange(c: BenchConfig): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const load = async (files: File[]) => {
    const cases = files.find((f) => /\.jsonl$/i.test(f.name)) ?? (files.length === 1 ? files[0] : undefined);
    if (!cases) return setProblem('Pick a .jsonl file of cases (context files may go with it).');
    const beside = new Map<string, string>();
    for (const f of files) if (f !== cases) beside.set(f.name, await f.text());
    const r = lib.parseCases(await cases.text(), beside);
    // parseCases' message names the line already ("Line 3: …").
    if (!r.ok) return setProblem(`${cases.name}: ${r.message} Nothing was added; fix it and load the file again.`);
    setProblem(null);
    onChange({ ...config, custom: { name: cases.name, cases: r.cases }, tasks: [...config.tasks.filter((t) => t !== 'custom'), 'custom'] });
  };
  return (
    <div className="space-y-1 text-sm text-slate-300">
      <label className="inline-flex cursor-pointer items-center gap-2 rounded border border-dashed border-slate-600 px-3 py-2 hover:bg-slate-900 focus-within:outline focus-within:outline-2 focus-within:outline-sky-500">
        Your own cases: a JSONL file (question, context or context_file, expected, scorer per line), with its context files
        <input
          type="file"
          multiple
          accept=".jsonl,.txt,.json,.md,.csv,application/x-ndjson,text/plain"
          className="sr-only"
          data-testid="bench-custom-input"
          onChange={async (e) => {
            const fs = [...(e.target.files ?? [])];
            if (fs.length) await load(fs);
            e.target.value = '';
          }}
        />
      </label>
      {problem && (
        <p role="alert" data-testid="bench-custom-error" className="text-xs text-amber-300">
          {problem}
        </p>
      )}
    </div>
  );
}
