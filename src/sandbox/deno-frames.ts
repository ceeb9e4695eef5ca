/**
 * The wire format between the Node side (deno-host.ts) and the Deno subprocess (deno-main.ts), over its stdin and
 * stdout: length-prefixed frames, each a JSON header plus the raw bytes of the message's Uint8Arrays (a boot
 * snapshot, a context slice), so bytes never go through JSON or base64.
 *
 * Frame: [u32 header length][u32 payload length][header JSON (UTF-8)][payload]. In the header a Uint8Array is
 * `{"$bin":[offset,length]}` into the payload. Whatever comes from the subprocess is untrusted (model code can write
 * to its stdout): the decoder refuses frames over `maxFrameBytes` and anything malformed, and the reader of a
 * decoder that failed treats the subprocess as broken.
 */

/** Big enough for a boot snapshot (protocol LIMITS.snapshotBytes is 256 MB) plus its header. */
export const MAX_FRAME_BYTES = 300 * 1024 * 1024;

const BIN = '$bin';
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Encodes one message; every Uint8Array inside it travels as raw bytes. */
export function encodeFrame(msg: unknown): Uint8Array {
  const bins: Uint8Array[] = [];
  let size = 0;
  const json = JSON.stringify(msg, (_key, value: unknown) => {
    if (!(value instanceof Uint8Array)) return value;
    bins.push(value);
    const ref = { [BIN]: [size, value.byteLength] };
    size += value.byteLength;
    return ref;
  });
  const header = enc.encode(json);
  const out = new Uint8Array(8 + header.byteLength + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, header.byteLength);
  view.setUint32(4, size);
  out.set(header, 8);
  let at = 8 + header.byteLength;
  for (const b of bins) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

function revive(json: string, payload: Uint8Array): unknown {
  return JSON.parse(json, (_key, value: unknown) => {
    const ref = (value as Record<string, unknown> | null)?.[BIN];
    if (!Array.isArray(ref) || Object.keys(value as object).length !== 1) return value;
    const [off, len] = ref as number[];
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(len) || off < 0 || len < 0 || off + len > payload.byteLength) {
      throw new Error('a frame names bytes it does not carry');
    }
    return payload.slice(off, off + len); // a copy: the payload buffer is not kept alive by one field
  });
}

/** Incremental decoder: push() chunks as they arrive, get whole messages back. Throws on a malformed stream. */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): unknown[] {
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
    const out: unknown[] = [];
    for (;;) {
      if (this.buffered < 8) return out;
      const head = this.peek(8);
      const view = new DataView(head.buffer, head.byteOffset, 8);
      const headerLen = view.getUint32(0);
      const payloadLen = view.getUint32(4);
      const total = 8 + headerLen + payloadLen;
      if (headerLen === 0 || total > this.maxFrameBytes) throw new Error(`a frame of ${total} bytes is malformed or too big`);
      if (this.buffered < total) return out;
      const frame = this.take(total);
      const header = dec.decode(frame.subarray(8, 8 + headerLen));
      out.push(revive(header, frame.subarray(8 + headerLen)));
    }
  }

  /** The first n buffered bytes (joined if they span chunks). */
  private peek(n: number): Uint8Array {
    if (this.chunks[0].byteLength >= n) return this.chunks[0].subarray(0, n);
    this.chunks = [this.take(this.buffered)];
    this.buffered = this.chunks[0].byteLength;
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first.byteLength >= n) {
      this.chunks[0] = first.subarray(n);
      if (this.chunks[0].byteLength === 0) this.chunks.shift();
      this.buffered -= n;
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    for (let at = 0; at < n;) {
      const c = this.chunks[0];
      const k = Math.min(c.byteLength, n - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.byteLength) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}

// ---------- the envelope: what travels in frames besides PageMessage / WorkerMessage ----------

/** Node -> Deno. `msg`: a PageMessage whose Blobs are `{$blob: id, size}` and whose interrupt buffer is a boolean. */
export type HostFrame =
  | { t: 'msg'; m: unknown }
  /** The page's interrupt buffer changed (or is still raised): copy these values into the sandbox's. */
  | { t: 'int'; v: number[] }
  /** Bytes [start, start + data.length) of blob `blob`, for read request `req`; `error` if it could not be read. */
  | { t: 'chunk'; req: number; data?: Uint8Array; error?: string };

/** Deno -> Node. */
export type SandboxFrame =
  | { t: 'msg'; m: unknown }
  | { t: 'read'; req: number; blob: number; start: number; end: number }
  | { t: 'err'; message: string; fatal: boolean };

export const BLOB = '$blob';
