import type { ContextProfile, EntropyOutlier, ProfilePreview } from './types';

/** How a context profile (profile.ts) reads in the first message of the 'profile' strategy. */

const n = (x: number) => x.toLocaleString('en-US');
const BARS = '▁▂▃▄▅▆▇█';
/** The prompt shows the strongest outliers only: twenty flags would bury the ones that matter. */
const MAX_OUTLIERS = 8;

function preview(label: string, p: ProfilePreview): string {
  return `${label} [${n(p.start)}–${n(p.end)}):\n<<<\n${p.text}\n>>>`;
}

function bar(ratio: number | null, lo: number, hi: number): string {
  if (ratio === null) return ' ';
  if (hi - lo < 1e-9) return BARS[0];
  return BARS[Math.min(BARS.length - 1, Math.floor(((ratio - lo) / (hi - lo)) * BARS.length))];
}

function entropyMap(p: ContextProfile): string {
  const measured = p.sections.flatMap((s) => (s.ratio === null ? [] : [s.ratio]));
  const lo = Math.min(...measured);
  const hi = Math.max(...measured);
  const rows = p.sections.map(
    (s, i) => `${String(i + 1).padStart(2)}. [${n(s.start)}–${n(s.end)}) ${s.ratio === null ? '  —  ' : s.ratio.toFixed(3)} ${bar(s.ratio, lo, hi)}`,
  );
  // A short last chunk is never measured, so "all" is a little under 1.
  const sampled = p.coverage < 0.995 ? ` Sampled: ${Math.round(p.coverage * 100)}% of the text was measured.` : '';
  return [
    `Entropy map: zlib compression ratio (compressed / raw size) per ${p.chunkChars}-character chunk, in ${p.sections.length} sections; median chunk ${p.median.toFixed(3)}. Higher means more varied or random, lower more repetitive.${sampled}`,
    ...rows,
  ].join('\n');
}

function outlierLine(o: EntropyOutlier, median: number): string {
  const kind = o.direction === 'high' ? 'higher entropy' : 'lower entropy';
  return `- section ${o.section + 1}, chars ${n(o.start)}–${n(o.end)}: ratio ${o.ratio.toFixed(3)} vs median ${median.toFixed(3)} (${kind}, robust z ${o.z.toFixed(1)}): "${o.excerpt}"`;
}

function outliers(p: ContextProfile): string {
  if (!p.outliers.length) return 'Outliers: none. The text is uniform in entropy, so what you need must be searched for.';
  const shown = p.outliers.slice(0, MAX_OUTLIERS).map((o) => outlierLine(o, p.median));
  const more = p.outliers.length > MAX_OUTLIERS ? [`(${p.outliers.length - MAX_OUTLIERS} weaker outlier(s) not shown.)`] : [];
  return ['Outliers (sections unlike the rest; look there first, e.g. `context[start:end]`):', ...shown, ...more].join('\n');
}

/** The profile as prompt text. `offsetsNote` says what the offsets index when `context` is not the text itself. */
export function renderProfile(p: ContextProfile, offsetsNote?: string): string {
  return [
    `Context profile${offsetsNote ? ` (${offsetsNote})` : ''}:`,
    preview('Head', p.head),
    ...(p.totalChars > p.head.end ? [preview('Middle', p.middle), preview('Tail', p.tail)] : []),
    entropyMap(p),
    outliers(p),
  ].join('\n\n');
}
