import { zlibSync } from 'fflate';
import type { ContextProfile, EntropyOutlier, EntropySection, ProfilePreview, TextSpan } from './types';

/**
 * minRLM's context profile: a head/middle/tail preview and an entropy map (zlib compression ratio
 * per ~500-character chunk, grouped into ~20 sections) whose outliers point the model at anomalies,
 * e.g. a random key in a log. One pass over the text, chunk by chunk, keeping only per-section
 * numbers and two candidate chunks per section, so a huge file is never held twice.
 *
 * Why fflate and not CompressionStream: both run in the page and in Node, but CompressionStream is
 * one async stream per chunk, ~0.3 ms each (10 MB: 6.4 s in Node 20), against fflate's ~0.1 ms.
 * Each chunk is compressed on its own (zlib format, level 6, as Python's `zlib.compress`), so a
 * ratio says how repetitive the chunk is in itself, comparable across the file.
 */

export interface ProfileOptions {
  chunkChars?: number;
  sections?: number;
  /** Robust z-score beyond which a section is an outlier (3.5 is the usual cut for modified z-scores). */
  k?: number;
  previewChars?: number;
  /** Past this many characters chunks are sampled evenly (coverage < 1) to bound the time. */
  maxCompressedChars?: number;
  /** Called every `pauseEvery` chunks so a page stays responsive; defaults to a zero timeout. */
  pause?: () => Promise<void>;
  pauseEvery?: number;
}

/** The text itself, or its pieces in order (any sizes) with the total length known up front. */
export type ProfileSource = string | { chunks: Iterable<string> | AsyncIterable<string>; totalChars: number };

const MAD_FLOOR = 0.01;
const EXCERPT_CHARS = 120;

interface Candidate {
  start: number;
  text: string;
  ratio: number;
}

interface SectionAcc extends TextSpan {
  raw: number;
  packed: number;
  hi?: Candidate;
  lo?: Candidate;
}

/** Re-cuts pieces of any size into fixed-size chunks with their offsets. */
async function* fixedChunks(source: ProfileSource, size: number): AsyncGenerator<{ start: number; text: string }> {
  if (typeof source === 'string') {
    for (let o = 0; o < source.length; o += size) yield { start: o, text: source.slice(o, o + size) };
    return;
  }
  let buf = '';
  let start = 0;
  for await (const piece of source.chunks) {
    buf += piece;
    while (buf.length >= size) {
      yield { start, text: buf.slice(0, size) };
      buf = buf.slice(size);
      start += size;
    }
  }
  if (buf) yield { start, text: buf };
}

const encoder = new TextEncoder();

/**
 * A fresh copy of a short string. A slice of a string can keep the whole parent alive (V8's sliced
 * strings): an excerpt kept in the profile must not pin a 100 MB file the app has let go of.
 */
const detach = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

function ratioOf(text: string): number {
  const bytes = encoder.encode(text);
  return zlibSync(bytes, { level: 6 }).length / bytes.length;
}

function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function robust(xs: ArrayLike<number>): { med: number; mad: number } {
  const med = median(xs);
  const dev = Array.from(xs, (x) => Math.abs(x - med));
  return { med, mad: Math.max(median(dev), MAD_FLOOR) };
}

const zScore = (x: number, r: { med: number; mad: number }) => (0.6745 * (x - r.med)) / r.mad;

function distinct(s: string): number {
  return new Set(s).size;
}

/** The 120-character window of a chunk with the most (high) or fewest (low) distinct characters. */
export function excerptOf(text: string, direction: 'high' | 'low'): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  let best = flat.slice(0, EXCERPT_CHARS);
  for (let o = EXCERPT_CHARS / 4; o + EXCERPT_CHARS <= flat.length; o += EXCERPT_CHARS / 4) {
    const w = flat.slice(o, o + EXCERPT_CHARS);
    const better = direction === 'high' ? distinct(w) > distinct(best) : distinct(w) < distinct(best);
    if (better) best = w;
  }
  return best;
}

function previewSpan(total: number, previewChars: number, where: 'head' | 'middle' | 'tail'): TextSpan {
  const n = Math.min(previewChars, total);
  if (where === 'head') return { start: 0, end: n };
  if (where === 'tail') return { start: total - n, end: total };
  const start = Math.max(0, Math.floor(total / 2 - n / 2));
  return { start, end: Math.min(total, start + n) };
}

function collect(p: ProfilePreview, start: number, text: string): void {
  const end = start + text.length;
  if (end <= p.start || start >= p.end) return;
  p.text += text.slice(Math.max(0, p.start - start), p.end - start);
}

function newSections(total: number, count: number, chunkChars: number): SectionAcc[] {
  const chunks = Math.ceil(total / chunkChars);
  const out: SectionAcc[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * chunks) / count) * chunkChars;
    const end = Math.min(total, Math.floor(((i + 1) * chunks) / count) * chunkChars);
    out.push({ start, end, raw: 0, packed: 0 });
  }
  return out;
}

function measure(sec: SectionAcc, start: number, text: string): number {
  const ratio = ratioOf(text);
  sec.raw += text.length;
  sec.packed += ratio * text.length;
  const c: Candidate = { start, text, ratio };
  if (!sec.hi || ratio > sec.hi.ratio) sec.hi = c;
  if (!sec.lo || ratio < sec.lo.ratio) sec.lo = c;
  return ratio;
}

function outlierOf(i: number, sec: SectionAcc, chunkStats: ReturnType<typeof robust>, secZ: number): EntropyOutlier | null {
  if (!sec.hi || !sec.lo) return null;
  const zHi = zScore(sec.hi.ratio, chunkStats);
  const zLo = zScore(sec.lo.ratio, chunkStats);
  const c = zHi >= -zLo ? sec.hi : sec.lo;
  const chunkZ = c === sec.hi ? zHi : zLo;
  const z = Math.abs(secZ) > Math.abs(chunkZ) ? secZ : chunkZ;
  const direction = z >= 0 ? 'high' : 'low';
  const pick = direction === 'high' ? sec.hi : sec.lo;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { section: i, start: pick.start, end: pick.start + pick.text.length, ratio: round(pick.ratio), z: round(z), direction, excerpt: detach(excerptOf(pick.text, direction)) };
}

function findOutliers(secs: SectionAcc[], ratios: number[], k: number): EntropyOutlier[] {
  const chunkStats = robust(ratios);
  const measured = secs.filter((s) => s.raw > 0);
  const secStats = robust(measured.map((s) => s.packed / s.raw));
  const out: EntropyOutlier[] = [];
  secs.forEach((sec, i) => {
    if (!sec.raw) return;
    const secZ = zScore(sec.packed / sec.raw, secStats);
    const o = outlierOf(i, sec, chunkStats, secZ);
    if (o && Math.abs(o.z) > k) out.push(o);
  });
  return out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
}

const defaultPause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The profile of a text: one pass, chunks compressed one by one (see the file comment). */
export async function profileContext(source: ProfileSource, opts: ProfileOptions = {}): Promise<ContextProfile> {
  const { chunkChars = 500, sections = 20, k = 3.5, previewChars = 300, maxCompressedChars = 12_000_000 } = opts;
  const { pause = defaultPause, pauseEvery = 2000 } = opts;
  const total = typeof source === 'string' ? source.length : source.totalChars;
  const chunks = Math.ceil(total / chunkChars);
  const stride = Math.max(1, Math.ceil(total / maxCompressedChars));
  const secs = newSections(total, Math.min(sections, chunks), chunkChars);
  const previews = (['head', 'middle', 'tail'] as const).map((w) => ({ ...previewSpan(total, previewChars, w), text: '' }));
  const ratios: number[] = [];
  let n = 0;
  let compressed = 0;
  let secIdx = 0;
  for await (const { start, text } of fixedChunks(source, chunkChars)) {
    for (const p of previews) collect(p, start, text);
    // A short last chunk pays zlib's fixed overhead on few bytes: its ratio would look like an anomaly.
    const measurable = text.length >= chunkChars / 2 && n % stride === 0;
    // By offset, so a chunk always lies inside the section the map shows it in.
    while (secIdx + 1 < secs.length && start >= secs[secIdx + 1].start) secIdx++;
    if (measurable) {
      ratios.push(measure(secs[secIdx], start, text));
      compressed += text.length;
    }
    if (++n % pauseEvery === 0) await pause();
  }
  const sectionsOut: EntropySection[] = secs.map((s) => ({ start: s.start, end: s.end, ratio: s.raw ? Math.round((s.packed / s.raw) * 1000) / 1000 : null }));
  const [head, middle, tail] = previews.map((p) => ({ ...p, text: detach(p.text) }));
  return {
    totalChars: total,
    chunkChars,
    coverage: total ? compressed / total : 1,
    median: Math.round(median(ratios) * 1000) / 1000,
    head,
    middle,
    tail,
    sections: sectionsOut,
    outliers: findOutliers(secs, ratios, k),
  };
}
