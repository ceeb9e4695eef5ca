import { loadPyodide } from 'pyodide';
import { describe, expect, test } from 'vitest';
import { createMemoryScanner, scanSlice } from './scan';

function naive(bytes: Uint8Array) {
  let newlines = 0;
  let ascii = true;
  for (const b of bytes) {
    if (b === 0x0a) newlines++;
    if (b >= 0x80) ascii = false;
  }
  return { ascii, newlines };
}

describe('wasm memory scanner', () => {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const heap = new Uint8Array(memory.buffer);
  let seed = 99;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
  for (let i = 0; i < heap.length; i++) heap[i] = rand() < 30 ? 0x0a : rand() & 0x7f;
  const scan = createMemoryScanner(memory)!;

  test('is built and matches the byte-by-byte answer at any address and length', () => {
    expect(scan).not.toBeNull();
    for (const [addr, len] of [[0, 0], [0, 7], [1, 8], [3, 9], [5, 1000], [7, 65_531], [4096, 200_000]]) {
      expect(scan(addr, len), `${addr}+${len}`).toEqual(naive(heap.subarray(addr, addr + len)));
    }
  });

  test('a byte >= 0x80 in any lane of a word, or in the tail, means not ASCII; the flag does not leak between calls', () => {
    for (let at = 0; at < 19; at++) {
      const keep = heap[100 + at];
      heap[100 + at] = 0x80 | keep;
      expect(scan(100, 19).ascii, `at ${at}`).toBe(false);
      heap[100 + at] = keep;
      expect(scan(100, 19).ascii).toBe(true);
    }
  });

  test('counts every 0x0a, including runs and neighbours 0x0b / 0x09 (no borrow between bytes)', () => {
    heap.set([0x0a, 0x0b, 0x0a, 0x00, 0x0a, 0x0a, 0x0a, 0x0a, 0x09, 0x0a, 0x01, 0x7f, 0x0a, 0x0a, 0x0a, 0x0a], 8000);
    expect(scan(8000, 16)).toEqual({ ascii: true, newlines: 11 });
    expect(scan(8000, 16)).toEqual(scanSlice(heap.subarray(8000, 8016)));
  });

  test('refuses what is not a wasm memory', () => {
    expect(createMemoryScanner(undefined)).toBeNull();
    expect(createMemoryScanner(new ArrayBuffer(8))).toBeNull();
  });

  test("Pyodide still exposes its memory where the engine looks for it (py._module.memory)", async () => {
    const py = await loadPyodide();
    expect(createMemoryScanner((py as unknown as { _module: { memory: unknown } })._module.memory)).not.toBeNull();
  }, 60_000);
});
