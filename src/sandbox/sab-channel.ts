/**
 * The page -> worker half of the SharedArrayBuffer bridge (bridge.ts, for browsers without JSPI): while Python
 * waits in `Atomics.wait`, the worker cannot receive messages, so the page writes them into a shared buffer
 * instead. Worker -> page stays postMessage (a blocked worker can still post).
 *
 * Layout: a small Int32 control block, then the data area. One chunk at a time: the page writes up to the data
 * area's size, sets LEN and MORE (another chunk of the same message follows), then STATE = 1 and notifies; the
 * worker copies the chunk out (TextDecoder refuses views of shared memory, so it decodes a copy), sets STATE = 0
 * and posts `sab-read`, on which the page writes the next chunk. A message is JSON text in UTF-8.
 */
import type { PageMessage } from './protocol';

const STATE = 0;
const LEN = 1;
const MORE = 2;
/** Set by the worker while it is in a wait (sab-serve.ts): shared memory, so model code cannot forge it. */
const WAITING = 3;
const CONTROL_BYTES = 16;
/** 256 KiB: a 64-prompt batch of short replies fits in one chunk; a long reply or a child's prompt is chunked. */
export const SAB_DATA_BYTES = 256 * 1024;

function views(buffer: SharedArrayBuffer) {
  return { ctrl: new Int32Array(buffer, 0, CONTROL_BYTES / 4), data: new Uint8Array(buffer, CONTROL_BYTES) };
}

/** The page's side: a queue of messages written chunk by chunk as the worker takes them. */
export class SabSender {
  readonly buffer: SharedArrayBuffer;
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;
  private readonly queue: Uint8Array[] = [];
  /** How much of queue[0] has been written. */
  private offset = 0;
  /** The worker is in a wait (it sent an llm-request and has not left): messages must go through the buffer. */
  blocked = false;

  constructor(dataBytes = SAB_DATA_BYTES) {
    this.buffer = new SharedArrayBuffer(CONTROL_BYTES + dataBytes);
    ({ ctrl: this.ctrl, data: this.data } = views(this.buffer));
  }

  /** The worker is in a wait right now (its own word, unlike messages, which model code can forge). */
  workerWaiting(): boolean {
    return Atomics.load(this.ctrl, WAITING) !== 0;
  }

  send(msg: PageMessage): void {
    this.queue.push(new TextEncoder().encode(JSON.stringify(msg)));
    this.pump();
  }

  /** Writes the next chunk if the worker has taken the last one (called on send and on every `sab-read`). */
  pump(): void {
    const msg = this.queue[0];
    if (!msg || Atomics.load(this.ctrl, STATE) !== 0) return;
    const n = Math.min(this.data.length, msg.length - this.offset);
    this.data.set(msg.subarray(this.offset, this.offset + n));
    this.offset += n;
    const more = this.offset < msg.length;
    if (!more) {
      this.queue.shift();
      this.offset = 0;
    }
    Atomics.store(this.ctrl, LEN, n);
    Atomics.store(this.ctrl, MORE, more ? 1 : 0);
    Atomics.store(this.ctrl, STATE, 1);
    Atomics.notify(this.ctrl, STATE);
  }
}

/** The worker's side. Stateful: a wait that times out mid-message keeps the chunks read so far. */
export class SabReceiver {
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;
  private parts: Uint8Array[] = [];

  constructor(
    buffer: SharedArrayBuffer,
    /** Tells the page the chunk was taken (the worker posts `sab-read`). */
    private readonly taken: () => void,
  ) {
    ({ ctrl: this.ctrl, data: this.data } = views(buffer));
  }

  setWaiting(on: boolean): void {
    Atomics.store(this.ctrl, WAITING, on ? 1 : 0);
  }

  /** Waits up to `ms` for the rest of a message; null when none is complete by then. */
  next(ms: number): PageMessage | null {
    const end = performance.now() + ms;
    for (;;) {
      const left = end - performance.now();
      if (Atomics.load(this.ctrl, STATE) === 0 && (left <= 0 || Atomics.wait(this.ctrl, STATE, 0, left) === 'timed-out')) {
        return null;
      }
      const n = Atomics.load(this.ctrl, LEN);
      this.parts.push(this.data.slice(0, n)); // a copy in unshared memory
      const more = Atomics.load(this.ctrl, MORE) === 1;
      Atomics.store(this.ctrl, STATE, 0);
      this.taken();
      if (!more) return this.decode();
    }
  }

  private decode(): PageMessage {
    const parts = this.parts;
    this.parts = [];
    const bytes = parts.length === 1 ? parts[0] : new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    if (parts.length > 1) parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    return JSON.parse(new TextDecoder().decode(bytes)) as PageMessage;
  }
}
