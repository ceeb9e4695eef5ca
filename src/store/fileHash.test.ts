/** The context hash: standard SHA-256 vectors, the same digest whatever the slice size. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sha256OfBlobs } from './fileHash';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256OfBlobs', () => {
  it('gives the FIPS 180-2 digests of "abc" and of nothing', async () => {
    expect(await sha256OfBlobs([new Blob(['abc'])])).toBe(ABC);
    expect(await sha256OfBlobs([new Blob([])])).toBe(EMPTY);
  });

  it('reads in slices without changing the digest (1-byte, odd and whole-file slices)', async () => {
    const bytes = new Uint8Array(10_003).map((_, i) => (i * 31) % 251);
    const want = createHash('sha256').update(bytes).digest('hex');
    for (const slice of [1, 4093, 1 << 20]) expect(await sha256OfBlobs([new Blob([bytes])], slice)).toBe(want);
  });

  it('hashes several files as their bytes in order', async () => {
    expect(await sha256OfBlobs([new Blob(['a']), new Blob(['bc'])], 1)).toBe(ABC);
  });
});
