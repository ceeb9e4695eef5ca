/**
 * Shared pieces of the task generators: a per-case random stream, technical filler text and needle placement.
 * Everything is a pure function of (task, seed, trial, size) so a case can be regenerated from its id.
 */
import { intIn, pick, rng } from '../rng';
import type { NeedlePosition, TaskParams } from '../types';

/** FNV-1a over the case's coordinates: different tasks of one seed do not share a random stream. */
export function caseRng(task: string, p: TaskParams, size: number): () => number {
  let h = 0x811c9dc5;
  for (const ch of `${task}|${p.seed}|${p.trial}|${size}|${p.position ?? ''}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return rng(h);
}

export const caseId = (task: string, p: TaskParams, size: number) =>
  `${task}:s${p.seed}:t${p.trial}:n${size}${p.position ? `:${p.position}` : ''}`;

const VOCAB = (
  'system data process network server client request response cache memory buffer thread queue index table schema ' +
  'record field value module service handler event signal channel stream packet router gateway cluster node replica ' +
  'shard partition batch job task worker scheduler pipeline stage metric log trace span latency throughput storage ' +
  'volume disk block page segment file directory config option parameter setting policy rule filter query result'
).split(' ');

const SENTENCE_POOL = 1024;

/** A pool of 8–20-word sentences (minRLM's noise); sampling from a pool keeps 10 M characters fast. */
function sentencePool(r: () => number): string[] {
  const pool: string[] = new Array(SENTENCE_POOL);
  for (let i = 0; i < SENTENCE_POOL; i++) {
    const n = intIn(r, 8, 20);
    const w: string[] = new Array(n);
    for (let j = 0; j < n; j++) w[j] = pick(r, VOCAB);
    const s = w.join(' ');
    pool[i] = s[0].toUpperCase() + s.slice(1) + '.';
  }
  return pool;
}

/** About `chars` characters of filler, one sentence per line. */
export function noise(r: () => number, chars: number): string {
  const pool = sentencePool(r);
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const s = pool[Math.floor(r() * SENTENCE_POOL)];
    out.push(s);
    n += s.length + 1;
  }
  return out.join('\n') + '\n';
}

/** Where a needle goes, as a fraction of the text (minRLM's long_context bands). */
export function positionFraction(r: () => number, pos: NeedlePosition): number {
  const band: Record<NeedlePosition, [number, number]> = { start: [0, 0.1], middle: [0.4, 0.6], end: [0.9, 1], random: [0, 1] };
  const [lo, hi] = band[pos];
  return lo + r() * (hi - lo);
}

/** Inserts each needle on its own line at the line break nearest its fraction (fractions in any order). */
export function insertLines(text: string, needles: { frac: number; line: string }[]): string {
  const sorted = [...needles].sort((a, b) => a.frac - b.frac);
  const parts: string[] = [];
  let from = 0;
  for (const n of sorted) {
    const target = Math.floor(n.frac * text.length);
    let at = text.lastIndexOf('\n', target);
    at = at < from ? from : at + 1;
    parts.push(text.slice(from, at), n.line + '\n');
    from = at;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function code(r: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += ALNUM[Math.floor(r() * ALNUM.length)];
  return s;
}

export function shuffle<T>(r: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

export const DEFAULT_CHARS = 50_000;
export const sizeOf = (p: TaskParams) => Math.max(1_000, Math.floor(p.sizeChars ?? DEFAULT_CHARS));
