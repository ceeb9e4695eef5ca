import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official rlm fixtures and the numbers their MANIFEST.md states, read from the MANIFEST itself. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/official-rlm');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

export interface ManifestRow {
  file: string;
  completions: number;
  iterations: number[];
  forced: number;
  blocks: number[][];
  calls: [number, number];
  depth: number;
  finals: (string | null)[];
}

export function manifestRows(): ManifestRow[] {
  const rows = fixture('MANIFEST.md')
    .split('\n')
    .filter((l) => l.startsWith('| `'));
  return rows.map((row) => {
    const c = row.split(' | ').map((s) => s.replace(/^\| ?|`/g, '').trim());
    const [top, nested] = c[6]!.split('/').map((n) => Number(n.trim()));
    return {
      file: c[0]!,
      completions: Number(c[3]),
      iterations: JSON.parse(c[4]!.split(' (')[0]!),
      forced: Number(/incl\. (\d+) forced/.exec(c[4]!)?.[1] ?? 0),
      blocks: JSON.parse(c[5]!),
      calls: [top!, nested!],
      depth: Number(c[7]),
      finals: c[8]!.replace(/ \|$/, '').split(' ; ').map((s) => JSON.parse(s)),
    };
  });
}
