/**
 * A minimal GGUF v3 writer (little-endian): enough for the tiny test model in tiny-model.ts.
 * llama.cpp checks metadata types strictly, so every value carries its GGUF type explicitly.
 */

/** GGUF metadata value types used here (the spec's numbering). */
export const GgufType = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;

export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: string[] }
  | { type: 'f32[]'; value: number[] }
  | { type: 'i32[]'; value: number[] };

export interface GgufTensor {
  name: string;
  /** Innermost first, as GGUF stores them (a [rows, cols] matrix is [cols, rows]). */
  dims: number[];
  data: Float32Array;
}

const ALIGNMENT = 32;
const F32 = 0;

class ByteSink {
  private chunks: Uint8Array[] = [];
  length = 0;
  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  private num(size: number, write: (v: DataView) => void): void {
    const b = new Uint8Array(size);
    write(new DataView(b.buffer));
    this.push(b);
  }
  u32(v: number): void {
    this.num(4, (d) => d.setUint32(0, v, true));
  }
  i32(v: number): void {
    this.num(4, (d) => d.setInt32(0, v, true));
  }
  u64(v: number): void {
    this.num(8, (d) => d.setBigUint64(0, BigInt(v), true));
  }
  f32(v: number): void {
    this.num(4, (d) => d.setFloat32(0, v, true));
  }
  u8(v: number): void {
    this.push(Uint8Array.of(v));
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.push(b);
  }
  raw(b: Uint8Array): void {
    this.push(b);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(new Uint8Array(pad));
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function writeValue(s: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      return (s.u32(GgufType.UINT32), s.u32(v.value));
    case 'i32':
      return (s.u32(GgufType.INT32), s.i32(v.value));
    case 'f32':
      return (s.u32(GgufType.FLOAT32), s.f32(v.value));
    case 'bool':
      return (s.u32(GgufType.BOOL), s.u8(v.value ? 1 : 0));
    case 'string':
      return (s.u32(GgufType.STRING), s.str(v.value));
    case 'string[]':
      s.u32(GgufType.ARRAY), s.u32(GgufType.STRING), s.u64(v.value.length);
      return v.value.forEach((x) => s.str(x));
    case 'f32[]':
      s.u32(GgufType.ARRAY), s.u32(GgufType.FLOAT32), s.u64(v.value.length);
      return v.value.forEach((x) => s.f32(x));
    case 'i32[]':
      s.u32(GgufType.ARRAY), s.u32(GgufType.INT32), s.u64(v.value.length);
      return v.value.forEach((x) => s.i32(x));
  }
}

const paddedSize = (bytes: number) => Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;

/** The whole file: header, metadata, tensor infos, then the 32-aligned F32 data section. */
export function writeGguf(metadata: Array<[string, GgufValue]>, tensors: GgufTensor[]): Uint8Array {
  const s = new ByteSink();
  s.raw(new TextEncoder().encode('GGUF'));
  s.u32(3);
  s.u64(tensors.length);
  s.u64(metadata.length);
  for (const [key, value] of metadata) {
    s.str(key);
    writeValue(s, value);
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== t.dims.reduce((a, b) => a * b, 1)) throw new Error(`tensor ${t.name}: data does not match dims`);
    s.str(t.name);
    s.u32(t.dims.length);
    t.dims.forEach((d) => s.u64(d));
    s.u32(F32);
    s.u64(offset);
    offset += paddedSize(t.data.byteLength);
  }
  s.padTo(ALIGNMENT);
  for (const t of tensors) {
    s.raw(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    s.padTo(ALIGNMENT);
  }
  return s.bytes();
}
