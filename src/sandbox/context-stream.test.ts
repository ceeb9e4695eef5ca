import { describe, expect, test } from 'vitest';
import { scanSlice } from './scan';

/** The obvious byte-by-byte answer the word-at-a-time scan must match. */
function naive(bytes: Uint8Array) {
  let newlines = 0;
  let ascii = true;
  for (const b of bytes) {
    if (b === 0x0a) newlines++;
    if (b >= 0x80) ascii = false;
  }
  return { ascii, newlines };
}

describe('scanSlice', () => {
  test('counts exactly the 0x0a bytes, whatever their neighbours (no borrow between bytes)', () => {
    const tricky = [0x0a, 0x0b, 0x0a, 0x00, 0x0a, 0x0a, 0x0a, 0x0a, 0x09, 0x0a, 0x01, 0x7f];
    expect(scanSlice(new Uint8Array(tricky))).toEqual({ ascii: true, newlines: 7 });
    expect(scanSlice(new Uint8Array([0x8a, 0x0a, 0x0b, 0x0b]))).toEqual({ ascii: false, newlines: 1 });
  });

  test('a byte >= 0x80 anywhere, in a word or in the unaligned tail, means not ASCII', () => {
    for (let len = 1; len <= 13; len++) {
      for (let at = 0; at < len; at++) {
        const b = new Uint8Array(len).fill(0x61);
        b[at] = 0x80;
        expect(scanSlice(b).ascii, `len ${len}, at ${at}`).toBe(false);
      }
    }
    expect(scanSlice(new Uint8Array(0))).toEqual({ ascii: true, newlines: 0 });
  });

  test('matches the byte-by-byte count on random data, aligned or not', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const buf = new Uint8Array(100_003);
    for (let i = 0; i < buf.length; i++) buf[i] = rand() < 40 ? 0x0a : rand() & 0x7f;
    for (const offset of [0, 1, 2, 3]) {
      const view = buf.subarray(offset);
      expect(scanSlice(view)).toEqual(naive(view));
    }
    buf[99_999] = 0xc3;
    expect(scanSlice(buf)).toEqual(naive(buf));
    expect(scanSlice(buf).ascii).toBe(false);
  });
});
