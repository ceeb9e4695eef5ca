/**
 * The ASCII / newline scan of a context load, as a 200-byte wasm function that reads Pyodide's own memory in place.
 *
 * Why wasm: the same loop in JS runs at ~3 GB/s only once V8's optimizing compiler has caught up, and in a fresh
 * worker on a busy machine it scanned the first 100-500 MB at ~0.3 GB/s (the compile waits for a core). Wasm's
 * baseline compiler (Liftoff) is ready at once and runs this loop at ~8 GB/s, so a user's first drop is as fast as
 * the tenth. Why in place: the bytes are already in the str's buffer, so the scan needs no copy of its own.
 *
 * scanSlice is the JS version (any memory; the reference the wasm one is checked against).
 *
 * The wasm function, eight bytes a step (the same SWAR test as scanSlice, with i64.popcnt):
 *   scan(p, n) -> newlines in [p, p + (n & ~7)); global `hi` |= every word read (bit 7 of a byte set = not ASCII)
 * The last n & 7 bytes are left to the caller.
 */

/**
 * One pass over a slice: is it all ASCII (then Python's str can hold the bytes as they are), and how many '\n' bytes
 * (the same count as in the decoded text: UTF-8 never uses 0x0a inside a multi-byte character). Four bytes at a time:
 * ~3 GB/s once V8 has optimized it. Exact per byte (no borrow between bytes).
 */
export function scanSlice(bytes: Uint8Array): { ascii: boolean; newlines: number } {
  const head = Math.min((4 - (bytes.byteOffset % 4)) % 4, bytes.length); // bytes before the first aligned word
  const words = (bytes.length - head) >>> 2;
  const w = new Int32Array(bytes.buffer, bytes.byteOffset + head, words);
  let high = 0;
  let newlines = 0;
  for (let i = 0; i < words; i++) {
    const x = w[i];
    high |= x;
    const y = x ^ 0x0a0a0a0a; // a byte that was '\n' is now 0
    const zero = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f); // bit 7 of each byte: that byte is 0
    newlines += Math.imul(zero >>> 7, 0x01010101) >>> 24;
  }
  const rest = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      high |= bytes[i];
      if (bytes[i] === 0x0a) newlines++;
    }
  };
  rest(0, head);
  rest(head + words * 4, bytes.length);
  return { ascii: (high & 0x80808080) === 0, newlines };
}


const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/** i64.const with a signed LEB128 immediate. */
function i64(v: bigint): number[] {
  const out = [0x42];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && !(b & 0x40)) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const M7F = 0x7f7f7f7f7f7f7f7fn;
const NL = 0x0a0a0a0a0a0a0a0an;
// Locals: 0 p, 1 end (i32 params); 2 count, 3 x, 4 y, 5 hi (i64).
const CODE = [
  0x20, 0, 0x20, 1, 0x41, 0x78, 0x71, 0x6a, 0x21, 1, // end = p + (n & -8)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0, 0x20, 1, 0x4f, 0x0d, 1, // if p >= end (unsigned): break
  0x20, 0, 0x29, 0, 0, 0x22, 3, // x = i64.load(p) (alignment hint 1: p may be odd)
  0x20, 5, 0x84, 0x21, 5, // hi |= x
  0x20, 3, ...i64(NL), 0x85, 0x22, 4, // y = x ^ 0x0a..0a: a '\n' byte is now 0
  ...i64(M7F), 0x83, ...i64(M7F), 0x7c, 0x20, 4, 0x84, ...i64(M7F), 0x84, ...i64(-1n), 0x85, // bit 7 set per 0 byte
  0x7b, 0x20, 2, 0x7c, 0x21, 2, // count += popcnt
  0x20, 0, 0x41, 8, 0x6a, 0x21, 0, // p += 8
  0x0c, 0, 0x0b, 0x0b, // continue; end loop, end block
  0x23, 0, 0x20, 5, 0x84, 0x24, 0, // global hi |= hi
  0x20, 2, 0xa7, 0x0b, // return (i32) count
];

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const FUNC = [1, 4, 0x7e, ...CODE];

export const SCAN_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]), // type (i32, i32) -> i32
  ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 0x00]), // import memory e.m, min 0, no max
  ...section(3, [1, 0]),
  ...section(6, [1, 0x7e, 1, 0x42, 0, 0x0b]), // global mut i64 = 0
  ...section(7, [2, ...name('scan'), 0x00, 0, ...name('hi'), 0x03, 0]),
  ...section(10, [1, ...uleb(FUNC.length), ...FUNC]),
]);

/** Scans `len` bytes at wasm address `addr` of the memory the scanner was made for. */
export type MemoryScanner = (addr: number, len: number) => { ascii: boolean; newlines: number };

interface ScanExports {
  scan(p: number, n: number): number;
  hi: { value: bigint };
}

/**
 * A scanner over `memory` (Pyodide's wasm memory), or null when wasm cannot be used here; the caller then scans in
 * JS. It checks itself against scanSlice on the memory's first 64 KiB before it is trusted.
 */
export function createMemoryScanner(memory: unknown): MemoryScanner | null {
  if (!(memory instanceof WebAssembly.Memory)) return null;
  let ex: ScanExports;
  try {
    ex = new WebAssembly.Instance(new WebAssembly.Module(SCAN_WASM), { e: { m: memory } }).exports as unknown as ScanExports;
  } catch {
    return null;
  }
  const scan: MemoryScanner = (addr, len) => {
    ex.hi.value = 0n;
    const body = len & ~7;
    let newlines = ex.scan(addr, len);
    let ascii = (BigInt.asUintN(64, ex.hi.value) & 0x8080808080808080n) === 0n;
    if (body < len) {
      const tail = scanSlice(new Uint8Array(memory.buffer, addr + body, len - body));
      newlines += tail.newlines;
      ascii &&= tail.ascii;
    }
    return { ascii, newlines };
  };
  const probe = Math.min(65_536, memory.buffer.byteLength) - 3;
  const want = scanSlice(new Uint8Array(memory.buffer, 3, probe));
  const got = scan(3, probe);
  return got.ascii === want.ascii && got.newlines === want.newlines ? scan : null;
}
