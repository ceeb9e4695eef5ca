import { describe, expect, it } from 'vitest';
import { tinyModel, TINY_REPLY } from './tiny-model';

/** Reads back the header and metadata keys: what llama.cpp checks first. */
function readHeader(b: Uint8Array) {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magic = new TextDecoder().decode(b.slice(0, 4));
  return { magic, version: d.getUint32(4, true), tensors: Number(d.getBigUint64(8, true)), kvs: Number(d.getBigUint64(16, true)) };
}

describe('tiny GGUF model', () => {
  it('is a GGUF v3 file with the llama tensors and metadata', () => {
    const h = readHeader(tinyModel());
    expect(h).toEqual({ magic: 'GGUF', version: 3, tensors: 3 + 9, kvs: 19 });
  });

  it('is the same bytes every time, a few hundred kB', () => {
    const a = tinyModel();
    expect(Buffer.from(a).equals(Buffer.from(tinyModel()))).toBe(true);
    expect(a.length).toBeGreaterThan(100_000);
    expect(a.length).toBeLessThan(600_000);
  });

  it('carries the reply as one vocabulary entry (spaces as U+2581)', () => {
    const text = new TextDecoder().decode(tinyModel());
    expect(text).toContain(TINY_REPLY.replaceAll(' ', '\u2581'));
    expect(text).not.toContain(TINY_REPLY.replaceAll(' ', '\u2581').replace('answer', 'x'));
  });

  it('keeps the data section 32-byte aligned', () => {
    const b = tinyModel('babble');
    expect(b.length % 32).toBe(0);
  });
});
