/**
 * The worker's half of a context load: reads each file (a Blob or File, handed over by the page, never read there)
 * in slices and writes the slices straight into the buffer Python allocated for it (context.py `_Sink`).
 *
 * Why slices into Python's memory: the whole file never exists as one JS ArrayBuffer next to Python's copy (that
 * extra copy was a third of the peak at 500 MB), and never as a JS string. Slices are read ahead while the previous
 * one is copied, so the copy hides behind Chromium's read.
 */
import type { ContextFormat, ContextMeta } from '../core/types';
import type { ContextErrorCode, ContextPayload } from './protocol';
import { scanSlice, type MemoryScanner } from './scan';

/** Big enough that per-slice costs vanish (~30 slices for 500 MB); with the read-ahead at most ~64 MB in flight. */
export const SLICE_BYTES = 16 * 1024 * 1024;
/** Slices being read while one is scanned and copied: Chromium reads them (browser process) while this thread works. */
const READ_AHEAD = 2;

interface PyBuffer {
  getBuffer(type?: string): { data: Uint8Array; release(): void };
  destroy(): void;
}

/** The scaffold's load functions (context.py). */
export interface ContextLoadFns {
  load_begin(filesJson: string, slot: number): unknown;
  load_open(i: number): unknown;
  load_close(i: number, ascii: boolean, newlines: number): unknown;
  load_fail(message: string): unknown;
  load_finish(): unknown;
}

type LoadReply =
  | { ok: true; meta: ContextMeta | null }
  | { ok: false; code: ContextErrorCode; file?: string; message: string };

const FORMATS = new Set<ContextFormat>(['text', 'json', 'jsonl']);

/** The page is trusted, but a malformed message must end in a clear error, not a Python traceback. */
function checkPayload(files: unknown): string | null {
  if (files === null) return null;
  if (!Array.isArray(files)) return 'the context files are not a list';
  for (const f of files as Partial<ContextPayload>[]) {
    if (typeof f?.name !== 'string' || !FORMATS.has(f.format as ContextFormat) || !(f.data instanceof Blob)) {
      return 'a context file is malformed (expected a name, a format and a Blob)';
    }
  }
  return null;
}

const readSlice = (blob: Blob, start: number): Promise<Uint8Array> => {
  const p = blob.slice(start, Math.min(start + SLICE_BYTES, blob.size)).arrayBuffer().then((b) => new Uint8Array(b));
  p.catch(() => undefined); // awaited later; must not count as unhandled meanwhile
  return p;
};

/** Copies a slice into place and scans it (see scan.ts): in place in wasm memory when it can, else the JS copy. */
function write(target: PyBuffer, chunk: Uint8Array, at: number, scanMemory: MemoryScanner | null): Scanned {
  // A fresh view each time: a wasm heap that grew since the last slice detaches older views.
  const view = target.getBuffer('u8');
  try {
    view.data.set(chunk, at);
    return scanMemory ? scanMemory(view.data.byteOffset + at, chunk.byteLength) : scanSlice(chunk);
  } finally {
    view.release();
  }
}

type Scanned = { ascii: boolean; newlines: number };

async function stream(blob: Blob, size: number, target: PyBuffer, scanMemory: MemoryScanner | null): Promise<Scanned> {
  const queue: Promise<Uint8Array>[] = [];
  let requested = 0;
  const readAhead = () => {
    for (; queue.length <= READ_AHEAD && requested < size; requested = Math.min(requested + SLICE_BYTES, size)) {
      queue.push(readSlice(blob, requested));
    }
  };
  readAhead();
  let ascii = true;
  let newlines = 0;
  for (let at = 0; at < size;) {
    const chunk = await queue.shift()!;
    const end = at + chunk.byteLength;
    if (chunk.byteLength === 0 || end > size) throw new Error('it changed while it was being read');
    readAhead();
    const s = write(target, chunk, at, scanMemory);
    ascii &&= s.ascii;
    newlines += s.newlines;
    at = end;
  }
  return { ascii, newlines };
}

const messageOf = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Loads `files` as `context` (slot 0) or `context_<slot>` (null or [] clears it); resolves with context.py's reply.
 * `scanMemory`: a scanner over the wasm memory the buffers live in (scan.ts), or null to scan the JS copy of each slice.
 */
export async function loadContextFiles(
  files: ContextPayload[] | null,
  fns: ContextLoadFns,
  scanMemory: MemoryScanner | null = null,
  slot = 0,
): Promise<LoadReply> {
  const bad = checkPayload(files);
  if (bad) {
    fns.load_begin('[]', slot); // whatever was loaded before is gone either way: context is "" now
    return { ok: false, code: 'failed', message: `Internal error: ${bad}.` };
  }
  const list = files ?? [];
  // Sizes are taken once: a file that changes meanwhile is caught by the length check in stream().
  const sizes = list.map((f) => f.data.size);
  fns.load_begin(JSON.stringify(list.map((f, i) => ({ name: f.name, format: f.format, size: sizes[i] }))), slot);
  for (let i = 0; i < list.length; i++) {
    const target = fns.load_open(i) as PyBuffer | undefined;
    if (!target) break; // Python recorded why (out of memory)
    let scanned;
    try {
      scanned = await stream(list[i].data, sizes[i], target, scanMemory);
    } catch (e) {
      fns.load_fail(`${list[i].name.slice(0, 200)} could not be read (${messageOf(e).slice(0, 300)}). ` +
        'Was it moved, deleted or changed on disk? Drop it again.');
      break;
    } finally {
      target.destroy();
    }
    if (!fns.load_close(i, scanned.ascii, scanned.newlines)) break;
  }
  return JSON.parse(String(fns.load_finish())) as LoadReply;
}
