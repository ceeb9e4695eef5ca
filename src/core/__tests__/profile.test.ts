import { describe, expect, it } from 'vitest';
import { excerptOf, profileContext } from '../profile';

/** Low-entropy filler: the same few words, over and over. */
function filler(chars: number): string {
  const words = 'the cat sat on the mat and the dog lay on the rug '.repeat(Math.ceil(chars / 50));
  return words.slice(0, chars);
}

/** A high-entropy needle: random base64, from a seeded generator so the test is repeatable. */
function base64Line(chars: number, seed = 7): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = seed;
  let out = '';
  for (let i = 0; i < chars; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += abc[(x >>> 16) % 64]; // the high bits: an LCG's low bits repeat every 64 steps
  }
  return out;
}

function planted(total: number, at: number, needle: string): string {
  const f = filler(total - needle.length - 2);
  return `${f.slice(0, at)}\n${needle}\n${f.slice(at)}`;
}

const noPause = { pause: async () => undefined };

describe('profileContext', () => {
  it('flags the section holding a random base64 line planted in repeated words', async () => {
    const needle = base64Line(200);
    const at = 137_003;
    const text = planted(200_000, at, needle);
    const p = await profileContext(text, noPause);
    expect(p.sections).toHaveLength(20);
    expect(p.coverage).toBe(1);
    expect(p.outliers.length).toBeGreaterThanOrEqual(1);
    const top = p.outliers[0];
    const expectedSection = p.sections.findIndex((s) => s.start <= at && at < s.end);
    expect(top.section).toBe(expectedSection);
    expect(top.direction).toBe('high');
    // The offsets point at the needle, and the excerpt shows it.
    expect(top.start).toBeLessThanOrEqual(at + needle.length);
    expect(top.end).toBeGreaterThan(at);
    expect(top.excerpt.length).toBeLessThanOrEqual(120);
    expect(needle).toContain(top.excerpt.replace(/^.*? (?=[A-Za-z0-9+/]{40})/, '').slice(0, 40));
    // The outlier lies inside the section the map shows it in.
    const sec = p.sections[top.section];
    expect(sec.start <= top.start && top.end <= sec.end).toBe(true);
    // No other section is flagged: the filler itself is not an anomaly.
    expect(p.outliers.every((o) => o.section === expectedSection)).toBe(true);
  });

  it('puts every outlier in the section the map shows it in, when sections are uneven', async () => {
    // 185 chunks in 20 sections: some sections hold 9 chunks, some 10.
    const text = `${'alpha beta gamma delta '.repeat(2000)}\nSECRET=Zx81kQ0pLm3Vb7TnR2yWc9Hf5GdJs4Ae\n${'alpha beta gamma delta '.repeat(2000)}`;
    const p = await profileContext(text, noPause);
    const at = text.indexOf('SECRET');
    expect(p.outliers).toHaveLength(1);
    const [o] = p.outliers;
    expect(o.start <= at && at < o.end).toBe(true);
    const sec = p.sections[o.section];
    expect(sec.start <= o.start && o.end <= sec.end).toBe(true);
    expect(p.sections.findIndex((s) => s.ratio === Math.max(...p.sections.map((x) => x.ratio ?? 0)))).toBe(o.section);
  });

  it('flags nothing in uniform filler', async () => {
    const p = await profileContext(filler(100_000), noPause);
    expect(p.outliers).toEqual([]);
    expect(p.median).toBeGreaterThan(0);
    expect(p.median).toBeLessThan(0.4);
  });

  it('gives the same profile from pieces of any size as from the whole string', async () => {
    const text = planted(60_000, 41_000, base64Line(150));
    const pieces = text.match(/[\s\S]{1,777}/g)!;
    const whole = await profileContext(text, noPause);
    const streamed = await profileContext({ chunks: pieces, totalChars: text.length }, noPause);
    expect(streamed).toEqual(whole);
  });

  it('previews head, middle and tail at their offsets', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    const p = await profileContext(text, { ...noPause, previewChars: 40 });
    expect(p.head).toEqual({ start: 0, end: 40, text: text.slice(0, 40) });
    expect(p.tail).toEqual({ start: text.length - 40, end: text.length, text: text.slice(-40) });
    expect(p.middle.text).toBe(text.slice(p.middle.start, p.middle.end));
    expect(Math.abs(p.middle.start + 20 - text.length / 2)).toBeLessThanOrEqual(1);
  });

  it('samples evenly past the budget and says how much it measured', async () => {
    const p = await profileContext(filler(100_000), { ...noPause, maxCompressedChars: 25_000 });
    expect(p.coverage).toBeCloseTo(0.25, 1);
    expect(p.sections.every((s) => s.ratio !== null)).toBe(true);
  });

  it('handles empty and tiny texts', async () => {
    const empty = await profileContext('', noPause);
    expect(empty).toMatchObject({ totalChars: 0, sections: [], outliers: [] });
    const tiny = await profileContext('hello', noPause);
    expect(tiny.sections).toHaveLength(1);
    expect(tiny.head.text).toBe('hello');
  });

  it('picks the most varied window for a high-entropy excerpt', () => {
    const text = `${'a '.repeat(200)}${base64Line(120)}${' b'.repeat(100)}`;
    expect(excerptOf(text, 'high')).toMatch(/[A-Za-z0-9+/]{60}/);
  });

  it('reports its speed on 10 MB', async () => {
    const text = planted(10_000_000, 7_654_321, base64Line(200));
    const t0 = performance.now();
    const p = await profileContext(text, noPause);
    const ms = performance.now() - t0;
    console.log(`profileContext 10 MB: ${ms.toFixed(0)} ms, ${p.outliers.length} outlier(s), coverage ${p.coverage}`);
    expect(p.outliers[0].start).toBeLessThanOrEqual(7_654_321 + 200);
    expect(p.outliers[0].end).toBeGreaterThan(7_654_321);
  }, 120_000);
});
