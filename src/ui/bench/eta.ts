/**
 * Time left, from the pace so far: (elapsed / done) × remaining. Null until one trial has finished
 * (no pace yet) and when nothing is left.
 */
export function etaMs(done: number, total: number, startedAt: number, now: number): number | null {
  if (done <= 0 || done >= total) return null;
  const elapsed = Math.max(0, now - startedAt);
  return Math.round((elapsed / done) * (total - done));
}

/** Whole numbers typed as "1000, 10000 20000": a list, or the token that is not a positive whole number. */
export function parseNumberList(text: string): { ok: true; values: number[] } | { ok: false; bad: string } {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const values: number[] = [];
  for (const t of tokens) {
    // "8k", "1M" and "10_000" are how people write context sizes.
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(t.replace(/_/g, ''));
    const n = m ? Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1_000 : m[2].toLowerCase() === 'm' ? 1_000_000 : 1) : NaN;
    if (!Number.isInteger(n) || n <= 0) return { ok: false, bad: t };
    if (!values.includes(n)) values.push(n);
  }
  return { ok: true, values };
}

/** 8000 → "8K", 1500000 → "1.5M": the size labels of the table and charts. */
export function formatSize(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}K`;
  return String(n);
}
