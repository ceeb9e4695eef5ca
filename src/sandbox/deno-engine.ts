/**
 * The sandbox engine inside the Deno subprocess (bundled to rlm-deno-engine.js, run as a Deno worker by
 * deno-main.ts): the same engine.ts and Python scaffold as the browser worker. Context files arrive as handles
 * ({$blob: id, size}); their slices are read on demand from the Node side, so a big file streams through in
 * context-stream.ts's slices and is never held whole on this side.
 */
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import { BLOB } from './deno-frames';
import { createEngine } from './engine';
import type { WorkerMessage } from './protocol';
// Inlined as text by the bundler (deno-bundle.ts: loader .py = text; declared in python-text.d.ts).
import prelude from './prelude.py';
import namespacesPy from './namespaces.py';
import contextPy from './context.py';
import varinfoPy from './varinfo.py';

interface Scope {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  addEventListener(type: string, fn: (e: Event & { error?: unknown; reason?: unknown }) => void): void;
}
const scope = globalThis as unknown as Scope;

type Chunk = { t: 'chunk'; req: number; data?: Uint8Array; error?: string };
const reads = new Map<number, { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void }>();
let nextRead = 1;

function read(blob: number, start: number, end: number): Promise<ArrayBuffer> {
  const req = nextRead++;
  return new Promise((resolve, reject) => {
    reads.set(req, { resolve, reject });
    scope.postMessage({ t: 'read', req, blob, start, end });
  });
}

/** A Blob whose bytes stay on the Node side; context-stream.ts only uses size and slice().arrayBuffer(). */
class RemoteBlob extends Blob {
  constructor(private readonly id: number, bytes: number) {
    super();
    Object.defineProperty(this, 'size', { value: bytes });
  }

  override slice(start = 0, end = this.size): Blob {
    const s = Math.max(0, Math.min(start, this.size));
    const e = Math.max(s, Math.min(end, this.size));
    return { size: e - s, arrayBuffer: () => read(this.id, s, e) } as unknown as Blob;
  }
}

function withBlobs(m: { type?: string; files?: { data: unknown }[] | null }): unknown {
  if (m?.type !== 'load-context' || !Array.isArray(m.files)) return m;
  for (const f of m.files) {
    const ref = f.data as Record<string, unknown> | null;
    if (typeof ref?.[BLOB] === 'number' && typeof ref.size === 'number') f.data = new RemoteBlob(ref[BLOB], ref.size);
  }
  return m;
}

function onChunk(c: Chunk): void {
  const r = reads.get(c.req);
  reads.delete(c.req);
  if (!r) return;
  if (c.data) r.resolve(c.data.buffer.slice(c.data.byteOffset, c.data.byteOffset + c.data.byteLength) as ArrayBuffer);
  else r.reject(new Error(c.error ?? 'no data'));
}

/** `indexURL`: Pyodide's directory as a path (its Deno branch reads files through node:fs, which wants paths). */
function start(indexURL: string): (msg: unknown) => void {
  const loadPyodide = async (config: PyodideConfig): Promise<PyodideAPI> => {
    const mod = await import(/* @vite-ignore */ new URL('pyodide.mjs', 'file://' + encodeURI(indexURL)).href);
    return mod.loadPyodide(config);
  };
  return createEngine({
    loadPyodide,
    indexURL,
    python: [prelude, namespacesPy, contextPy, varinfoPy].join('\n'),
    post: (msg: WorkerMessage, transfer?: Transferable[]) => scope.postMessage({ t: 'msg', m: msg }, transfer ?? []),
  });
}

let handle: ((msg: unknown) => void) | null = null;
scope.onmessage = (e: MessageEvent) => {
  const f = e.data as { t: string; m?: unknown; indexURL?: string };
  if (f.t === 'config' && !handle) handle = start(String(f.indexURL));
  else if (f.t === 'chunk') onChunk(f as Chunk);
  else if (f.t === 'msg') handle?.(withBlobs(f.m as { type?: string }));
};

// A browser worker survives an uncaught error (only an error event fires); a Deno worker would die. Behave like the
// browser: Pyodide can surface a KeyboardInterrupt this way even when Python handled it.
const report = (e: Event & { error?: unknown; reason?: unknown }) => {
  e.preventDefault();
  const err = e.error ?? e.reason;
  scope.postMessage({ t: 'err', message: String((err as Error)?.stack ?? err).slice(0, 2000), fatal: false });
};
scope.addEventListener('error', report);
scope.addEventListener('unhandledrejection', report);
