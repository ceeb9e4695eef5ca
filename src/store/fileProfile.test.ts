import { describe, expect, it } from 'vitest';
import { profileContext } from '../core/profile';
import { profileOfBlobs, textSlices } from './fileProfile';

describe('profile of files read in slices', () => {
  it('decodes a character split across two slices whole', async () => {
    const text = 'a€b'.repeat(5); // € is 3 bytes in UTF-8: slices of 2 bytes cut it every time
    const pieces: string[] = [];
    for await (const p of textSlices([new Blob([text])], 2)) pieces.push(p);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(3);
  });

  it('equals the profile of the whole text', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog ü`);
    lines[250] = 'x9Q#kz!7@LmR2$vB8^wN0&cT5*yH3%eJ6(pG1)uF4_sD'.repeat(12);
    const text = lines.join('\n');
    const sliced = await profileOfBlobs([new Blob([text])], text.length, { slice: 1000, pause: async () => undefined });
    expect(sliced).toEqual(await profileContext(text, { pause: async () => undefined }));
    expect(sliced.outliers.length).toBeGreaterThan(0);
  });
});
