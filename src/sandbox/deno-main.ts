/**
 * The Deno subprocess's main thread (bundled to rlm-deno-main.js, started by deno-host.ts with read access to
 * Pyodide's files and this bundle only: no network, environment, subprocesses, writes or FFI).
 *
 * It only relays: frames from stdin (deno-frames.ts) go to the engine in a Deno worker (deno-engine.ts), the
 * engine's messages go out as frames on stdout. Why a worker: while model code spins in Python, the thread running
 * it cannot read stdin, so a Stop could never get in; this thread stays free and writes the Node side's interrupt
 * flag into a SharedArrayBuffer the engine's Pyodide polls (as the browser page does for its worker).
 * stdin closing (the Node process ended) ends this process, so a sandbox never outlives its host.
 */
import { encodeFrame, FrameDecoder, type HostFrame } from './deno-frames';
import { INTERRUPT_SLOTS } from './protocol';

interface DenoApi {
  args: string[];
  stdin: { readable: ReadableStream<Uint8Array> };
  stdout: { writable: WritableStream<Uint8Array> };
  exit(code: number): never;
}
declare const Deno: DenoApi;

const out = Deno.stdout.writable.getWriter();
const send = (frame: unknown) => void out.write(encodeFrame(frame)).catch(() => Deno.exit(0));

const flag = new Int32Array(new SharedArrayBuffer(4 * INTERRUPT_SLOTS));
const engine = new Worker(new URL('./rlm-deno-engine.js', import.meta.url), { type: 'module', name: 'rlm-engine' });
engine.postMessage({ t: 'config', indexURL: Deno.args[0] });
engine.onmessage = (e: MessageEvent) => send(e.data);
// The engine reports its own uncaught errors (deno-engine.ts); one reaching here means the worker is gone.
engine.onerror = (e: ErrorEvent) => {
  e.preventDefault();
  send({ t: 'err', message: e.message || 'the engine worker failed', fatal: true });
  void out.ready.then(() => Deno.exit(1));
};

function onFrame(f: HostFrame): void {
  if (f.t === 'int') {
    // Target first, then the flag: the engine reads the flag and then whom it is for.
    for (let i = INTERRUPT_SLOTS - 1; i >= 0; i--) Atomics.store(flag, i, Number(f.v[i]) | 0);
    Atomics.notify(flag, 0); // wakes an interruptible time.sleep
    return;
  }
  if (f.t === 'chunk') {
    const transfer = f.data ? [f.data.buffer as ArrayBuffer] : [];
    return engine.postMessage(f, transfer);
  }
  const m = f.m as { type?: string; interrupt?: unknown };
  if (m?.type === 'init') m.interrupt = m.interrupt ? flag : null;
  const snapshot = (m as { snapshot?: unknown }).snapshot;
  engine.postMessage(f, snapshot instanceof Uint8Array ? [snapshot.buffer as ArrayBuffer] : []);
}

async function readStdin(): Promise<void> {
  const decoder = new FrameDecoder();
  const reader = Deno.stdin.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    for (const f of decoder.push(r.value)) onFrame(f as HostFrame);
  }
}

readStdin().then(
  () => Deno.exit(0),
  () => Deno.exit(2),
);
