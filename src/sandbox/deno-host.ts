/**
 * The sandbox host for Node that IS a security boundary: the engine runs in a Deno subprocess whose only permission
 * is reading Pyodide's files and the engine bundle (`--allow-read=<those>`, `--no-prompt`: no network, environment,
 * subprocesses, writes, FFI or system info; every attempt throws NotCapable). Drop-in for nodeWorkerTransport:
 * `new SandboxClient(denoTransport, { snapshotStore: fileSnapshotStore() })`.
 *
 * Messages are frames over the child's stdin/stdout (deno-frames.ts). What crosses besides PageMessage/WorkerMessage:
 * - context files stay here as Blobs; the sandbox asks for slices as it copies them into Python (`read` frames),
 *   so a big file streams with at most a few slices in flight (as the browser worker reads its Blob);
 * - the interrupt buffer cannot be shared with another process: the client's flag is mirrored into the sandbox's
 *   own (deno-main.ts) on every change, before any message that follows it, and re-sent while it stays raised
 *   (the page re-raises it every 100 ms for the same reason: Python may swallow one).
 * Everything read from the child is untrusted (model code can write to its stdout): a malformed frame ends it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import type { SandboxTransport } from './api';
import { cacheDir, denoExecutable, MAIN_FILE, pyodideDir, sandboxBundleDir } from './deno-bundle';
import { BLOB, encodeFrame, FrameDecoder, type HostFrame, type SandboxFrame } from './deno-frames';
import { SLICE_BYTES } from './context-stream';
import type { PageMessage } from './protocol';

export interface DenoTransportOptions {
  /** The deno executable (default: the `deno` npm package's; or $RLM_STUDIO_DENO). */
  deno?: string;
  /** Directory with the engine bundle (default: built on first use in a checkout, dist-sandbox/ in the package). */
  bundleDir?: string;
  /** Extra `deno run` flags. TESTS ONLY (the red-team suite's positive controls): never widen it for model code. */
  unsafeExtraDenoFlags?: string[];
}

/** The boundary in one paragraph, for the CLI's --help and the server's startup line. */
export const SANDBOX_BOUNDARY =
  'Model-written Python runs in Pyodide inside a Deno subprocess that may only read Pyodide\'s own files: it cannot ' +
  'read your files, use the network, read environment variables, start processes or write anything (each attempt ' +
  'fails with a permission error). llm_query calls are made by this process, which holds the API keys.';

const RESEND_MS = 100;
const POLL_MS = 20;
/** A read request bigger than this is forged (context-stream.ts asks for SLICE_BYTES at a time). */
const MAX_READ = 2 * SLICE_BYTES;

/** The `deno run` arguments: the whole permission set of the sandbox is here. */
export function denoArgs(bundleDir: string, opts: DenoTransportOptions = {}): string[] {
  const pyodide = pyodideDir();
  return ['run', '--no-prompt', '--no-config', '--no-lock', '--no-remote', '--no-npm',
    `--allow-read=${pyodide},${bundleDir}`, ...(opts.unsafeExtraDenoFlags ?? []),
    path.join(bundleDir, MAIN_FILE), pyodide];
}

class DenoTransport implements SandboxTransport {
  onmessage: ((data: unknown) => void) | null = null;
  onerror: ((message: string, fatal?: boolean) => void) | null = null;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly decoder = new FrameDecoder();
  private ended = false;
  private stderrTail = '';
  private flag: Int32Array | null = null;
  private sent: number[] = [];
  private sentAt = 0;
  private poll: ReturnType<typeof setInterval> | null = null;
  private nextBlob = 1;
  private readonly blobs = new Map<number, Blob>();
  /** load-context id -> the blob ids it carries (released with its reply). */
  private readonly loads = new Map<number, number[]>();

  constructor(opts: DenoTransportOptions) {
    const bundle = opts.bundleDir ?? sandboxBundleDir();
    // The runtime itself (not the script) may cache compiled code in DENO_DIR; nothing else of ours is inherited.
    const env = { DENO_DIR: path.join(cacheDir(), 'deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    this.child = spawn(opts.deno ?? denoExecutable(), denoArgs(bundle, opts), { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)));
    this.child.stdin.on('error', () => undefined); // a dead child is reported by 'exit'
    this.child.on('error', (e) => this.die(`could not start Deno (${e.message})`));
    this.child.on('exit', (code, signal) => this.die(`the Deno sandbox exited (${signal ?? code})`));
  }

  postMessage(msg: PageMessage): void {
    if (this.ended) return;
    if (msg.type === 'init') return this.init(msg);
    this.syncFlag(false);
    if (msg.type === 'load-context' && msg.files) {
      const ids: number[] = [];
      const files = msg.files.map((f) => {
        const id = this.nextBlob++;
        this.blobs.set(id, f.data);
        ids.push(id);
        return { ...f, data: { [BLOB]: id, size: f.data.size } };
      });
      this.loads.set(msg.id, ids);
      return this.send({ t: 'msg', m: { ...msg, files } });
    }
    this.send({ t: 'msg', m: msg });
  }

  /** The subprocess's id (tests check that terminate() really ends it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  terminate(): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    this.child.kill('SIGKILL');
  }

  private init(msg: Extract<PageMessage, { type: 'init' }>): void {
    this.flag = msg.interrupt;
    if (this.flag) {
      this.sent = Array.from(this.flag, () => 0);
      this.poll = setInterval(() => this.syncFlag(true), POLL_MS);
      this.poll.unref(); // only ever useful while something else (a pending block) keeps Node running
    }
    this.send({ t: 'msg', m: { ...msg, interrupt: this.flag !== null } });
  }

  /** Copies the client's interrupt flag to the sandbox when it changed (or, `resend`, is still raised). */
  private syncFlag(resend: boolean): void {
    const f = this.flag;
    if (!f) return;
    const now = Array.from(f, (_v, i) => Atomics.load(f, i));
    const changed = now.some((v, i) => v !== this.sent[i]);
    if (!changed && !(resend && now[0] !== 0 && performance.now() - this.sentAt >= RESEND_MS)) return;
    this.sent = now;
    this.sentAt = performance.now();
    this.send({ t: 'int', v: now });
  }

  private send(frame: HostFrame): void {
    if (!this.ended) this.child.stdin.write(encodeFrame(frame));
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    let frames: unknown[];
    try {
      frames = this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (e) {
      this.onerror?.(`the sandbox sent a malformed frame (${(e as Error).message})`, true);
      return this.terminate();
    }
    for (const f of frames as SandboxFrame[]) this.onFrame(f);
  }

  private onFrame(f: SandboxFrame): void {
    if (f?.t === 'msg') {
      const m = f.m as { type?: unknown; id?: unknown };
      if ((m?.type === 'context-loaded' || m?.type === 'context-error') && typeof m.id === 'number') this.release(m.id);
      this.onmessage?.(f.m);
    } else if (f?.t === 'read') {
      void this.serveRead(f);
    } else if (f?.t === 'err') {
      this.onerror?.(String(f.message).slice(0, 4000), f.fatal === true);
    }
  }

  private async serveRead(f: Extract<SandboxFrame, { t: 'read' }>): Promise<void> {
    const blob = this.blobs.get(f.blob);
    const { start, end } = f;
    const valid = blob && Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end >= start &&
      end <= blob.size && end - start <= MAX_READ;
    if (!valid) return this.send({ t: 'chunk', req: Number(f.req) | 0, error: 'no such slice' });
    try {
      const data = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      this.send({ t: 'chunk', req: f.req, data });
    } catch (e) {
      this.send({ t: 'chunk', req: f.req, error: (e as Error).message });
    }
  }

  private release(loadId: number): void {
    for (const id of this.loads.get(loadId) ?? []) this.blobs.delete(id);
    this.loads.delete(loadId);
  }

  private stop(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.blobs.clear();
    this.loads.clear();
  }

  private die(why: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    const tail = this.stderrTail.trim();
    this.onerror?.(tail ? `${why}: ${tail.slice(-600)}` : why, true);
  }
}

/** Starts one Deno sandbox process (a TransportFactory for SandboxClient when wrapped: `() => denoTransport()`). */
export function denoTransport(opts: DenoTransportOptions = {}): SandboxTransport & { readonly pid?: number } {
  return new DenoTransport(opts);
}
