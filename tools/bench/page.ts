/**
 * The bench page: drives the REAL SandboxClient (createBrowserSandbox from src/sandbox, the app's own worker) and
 * serves llm_query through the REAL provider path (createProvider + collectChat, throttled by the engine's Semaphore
 * with the engine's default concurrency, as core/loop.ts does). run.ts calls these functions through page.evaluate.
 */
import {
  browserWorkerTransport, createBrowserSandbox, SandboxClient, SandboxError, type SandboxTransport, type TransportFactory,
} from '../../src/sandbox';
import type { PageMessage } from '../../src/sandbox/protocol';
import { createProvider } from '../../src/providers';
import { collectChat } from '../../src/core/call';
import { Semaphore } from '../../src/core/semaphore';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { ChatOptions, ChatProvider, ExecOptions } from '../../src/core/types';
import type { BenchApi, ExecSummary, LlmConfig, LoadOutcome } from './api';
import './trials-page';
import './history-page';
import './inpage-page';

let sandbox: SandboxClient | null = null;
let blob: Blob | null = null;
let llm: { cfg: LlmConfig; provider: ChatProvider; sem: Semaphore } | null = null;

const now = () => performance.now();
const round = (ms: number) => Math.round(ms * 1000) / 1000;

function need(): SandboxClient {
  if (!sandbox) throw new Error('bench: start() first');
  return sandbox;
}

function chatOptions(model: string, signal?: AbortSignal): ChatOptions {
  const s = DEFAULT_SETTINGS;
  return { model, signal, temperature: s.temperature, think: s.think, numCtx: s.numCtx };
}

/** The request the Ollama provider sends (ollama-js `chat`, stream: true), or the OpenAI SDK's. */
function rawRequest(cfg: LlmConfig, prompt: string): { url: string; init: RequestInit } {
  const messages = [{ role: 'user', content: prompt }];
  const s = DEFAULT_SETTINGS;
  const body = cfg.kind === 'ollama'
    ? { model: cfg.model, messages, stream: true, options: { num_ctx: s.numCtx, temperature: s.temperature } }
    : { model: cfg.model, messages, stream: true, stream_options: { include_usage: true }, temperature: s.temperature };
  const url = cfg.kind === 'ollama' ? `${cfg.url}/api/chat` : `${cfg.url}/chat/completions`;
  return { url, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } };
}

async function rawFetch(cfg: LlmConfig, prompt: string, signal?: AbortSignal): Promise<string> {
  const { url, init } = rawRequest(cfg, prompt);
  const res = await fetch(url, { ...init, signal });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

const onSubcall: ExecOptions['onSubcall'] = (req, signal) => {
  if (!llm) return Promise.reject(new Error('bench: no LLM configured'));
  const { cfg, provider, sem } = llm;
  const model = req.model || cfg.model;
  if (cfg.mode === 'echo') return Promise.resolve('7');
  if (cfg.mode === 'raw') return rawFetch(cfg, req.prompt, signal);
  // As Engine.subcall in core/loop.ts: the engine's semaphore, then one streamed chat drained by collectChat.
  return sem.run(async () =>
    (await collectChat(provider, [{ role: 'user', content: req.prompt }], chatOptions(model, signal))).content);
};

async function exec(code: string, timeoutMs = 120_000): Promise<ExecSummary> {
  const t0 = now();
  const r = await need().exec(code, { timeoutMs, onSubcall });
  return { ok: r.ok, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs, wallMs: round(now() - t0) };
}

// ---------- what-if: a Pyodide snapshot persisted across page loads ----------

const SNAPSHOT_KEY = 'pyodide-snapshot';

function idb<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('rlm-bench', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kv');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = op(db.transaction('kv', mode).objectStore('kv'));
      req.onsuccess = () => {
        db.close();
        resolve(req.result as T);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/** The browser transport, with a stored snapshot injected into `init` and the worker's fresh one handed to `save`. */
function persistingTransport(stored: Uint8Array | null, save: (snap: Uint8Array) => void): SandboxTransport {
  const t = browserWorkerTransport();
  const wrapped: SandboxTransport = {
    postMessage(msg: PageMessage, transfer?: Transferable[]) {
      if (msg.type === 'init' && stored && !msg.snapshot) msg = { ...msg, snapshot: stored, makeSnapshot: false };
      t.postMessage(msg, transfer);
    },
    onmessage: null,
    onerror: null,
    terminate: () => t.terminate(),
  };
  t.onmessage = (data) => {
    const m = data as { type?: unknown; data?: unknown };
    if (m?.type === 'snapshot' && m.data instanceof Uint8Array) save(m.data.slice());
    wrapped.onmessage?.(data);
  };
  t.onerror = (message, fatal) => wrapped.onerror?.(message, fatal);
  return wrapped;
}

/** ~1 MB of log-like ASCII lines, built once. */
let chunk: Uint8Array | null = null;
function logChunk(): Uint8Array {
  if (chunk) return chunk;
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const line = `2026-11-23T12:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.` +
      `${String(i % 1000).padStart(3, '0')}Z INFO svc-${String(i % 17).padStart(2, '0')} GET /api/items/` +
      `${String(i).padStart(6, '0')} 200 ${(i * 13) % 97}ms user=${(i * 31) % 5000}\n`;
    lines.push(line);
    size += line.length;
  }
  chunk = new TextEncoder().encode(lines.join('')).subarray(0, 1_000_000);
  return chunk;
}

const api: BenchApi = {
  async start(bridge) {
    sandbox?.dispose();
    const t0 = now();
    sandbox = createBrowserSandbox(bridge === 'sab' ? { bridge } : {});
    await sandbox.whenReady();
    const readyMs = round(now() - t0);
    return { readyMs, bootMs: sandbox.status.bootMs ?? null, canInterrupt: sandbox.status.canInterrupt,
      crossOriginIsolated: self.crossOriginIsolated, bridge: sandbox.status.bridge ?? null };
  },

  async startPersisted() {
    sandbox?.dispose();
    const t0 = now();
    const stored = await idb<Uint8Array | undefined>('readonly', (st) => st.get(SNAPSHOT_KEY));
    let saving: Promise<unknown> = Promise.resolve();
    let saved = false;
    const factory: TransportFactory = () => persistingTransport(stored ?? null, (snap) => {
      saved = true;
      saving = idb('readwrite', (st) => st.put(snap, SNAPSHOT_KEY));
    });
    sandbox = new SandboxClient(factory);
    await sandbox.whenReady();
    const readyMs = round(now() - t0);
    await saving; // a real implementation would not wait for this
    return { readyMs, bootMs: sandbox.status.bootMs ?? null, canInterrupt: sandbox.status.canInterrupt,
      crossOriginIsolated: self.crossOriginIsolated, restored: !!stored, saved, snapshotBytes: stored?.byteLength ?? 0 };
  },

  async restart() {
    const t0 = now();
    await need().restart();
    return round(now() - t0);
  },

  dispose() {
    sandbox?.dispose();
    sandbox = null;
  },

  exec,

  async execTimes(code, n) {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await exec(code);
      if (!r.ok) throw new Error(`bench: exec failed: ${r.stderr.slice(0, 500)}`);
      out.push(r.wallMs);
    }
    return out;
  },

  setLlm(cfg) {
    const provider = cfg.kind === 'ollama'
      ? createProvider({ kind: 'ollama', host: cfg.url })
      : createProvider({ kind: 'openai', preset: 'vllm', baseURL: cfg.url, apiKey: 'bench' });
    llm = { cfg, provider, sem: new Semaphore(Math.max(1, DEFAULT_SETTINGS.subcallConcurrency)) };
  },

  async rawFetchTimes(prompt, n) {
    if (!llm) throw new Error('bench: setLlm() first');
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await rawFetch(llm.cfg, prompt);
      out.push(round(now() - t0));
    }
    return out;
  },

  async providerTimes(prompt, n) {
    if (!llm) throw new Error('bench: setLlm() first');
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await collectChat(llm.provider, [{ role: 'user', content: prompt }], chatOptions(llm.cfg.model));
      out.push(round(now() - t0));
    }
    return out;
  },

  async pairedLlm(prompt, n) {
    const l = llm;
    if (!l) throw new Error('bench: setLlm() first');
    const code = [
      'import time',
      '_a = time.perf_counter()',
      `_r = llm_query(${JSON.stringify(prompt)})`,
      'print((time.perf_counter() - _a) * 1000)',
      'assert not _r.startswith("Error"), _r',
    ].join('\n');
    const py = async (mode: LlmConfig['mode']) => {
      l.cfg = { ...l.cfg, mode };
      const r = await exec(code);
      if (!r.ok) throw new Error(`bench: llm_query failed: ${r.stderr.slice(0, 500)}`);
      return Number(r.stdout.trim().split('\n').pop());
    };
    const arms = { raw: [] as number[], page: [] as number[], py: [] as number[], pyRaw: [] as number[],
      pyEcho: [] as number[] };
    for (let i = 0; i < n; i++) {
      let t0 = now();
      await rawFetch(l.cfg, prompt);
      arms.raw.push(now() - t0);
      t0 = now();
      await collectChat(l.provider, [{ role: 'user', content: prompt }], chatOptions(l.cfg.model));
      arms.page.push(now() - t0);
      arms.py.push(await py('provider'));
      arms.pyRaw.push(await py('raw'));
      arms.pyEcho.push(await py('echo'));
    }
    l.cfg = { ...l.cfg, mode: 'provider' };
    return arms;
  },

  async makeBlob(bytes, needle) {
    blob = null;
    const t0 = now();
    const c = logChunk();
    const tail = new TextEncoder().encode(`\nThe magic code is ${needle}.\n`);
    const body = bytes - tail.length;
    const parts: Uint8Array[] = [];
    for (let left = body; left > 0; left -= c.length) parts.push(left >= c.length ? c : c.subarray(0, left));
    parts.push(tail);
    blob = new Blob(parts as BlobPart[], { type: 'text/plain' });
    return { ms: round(now() - t0), size: blob.size };
  },

  dropBlob() {
    blob = null;
  },

  useFileInput() {
    const f = (document.getElementById('file') as HTMLInputElement).files?.[0];
    if (!f) throw new Error('bench: no file chosen');
    blob = f;
    return { size: f.size };
  },

  async blobReadMs(parts = 1) {
    const b = blob;
    if (!b) throw new Error('bench: makeBlob() first');
    const step = Math.ceil(b.size / parts);
    const t0 = now();
    const bufs = await Promise.all(Array.from({ length: parts }, (_, i) => b.slice(i * step, (i + 1) * step).arrayBuffer()));
    const ms = round(now() - t0);
    if (bufs.reduce((n, x) => n + x.byteLength, 0) !== b.size) throw new Error('bench: short read');
    return ms;
  },

  async blobCopyMs() {
    if (!blob) throw new Error('bench: makeBlob() first');
    const buf = await blob.arrayBuffer();
    const t0 = now();
    const copy = new Blob([buf]);
    const ms = round(now() - t0);
    if (copy.size !== buf.byteLength) throw new Error('bench: bad copy');
    return ms;
  },

  loadContext: () => {
    if (!blob) throw new Error('bench: makeBlob() first');
    return load(blob);
  },

  async loadContextFromBuffer() {
    if (!blob) throw new Error('bench: makeBlob() first');
    return load(await blob.arrayBuffer());
  },
};

/** SandboxClient.loadContext as the app calls it; ms until the promise resolves (context is a str in Python). */
async function load(bytes: Blob | ArrayBuffer): Promise<LoadOutcome> {
  const sb = need();
  const t0 = now();
  try {
    const meta = await sb.loadContext([{ name: 'bench.log', bytes, format: 'text' }]);
    const ms = round(now() - t0);
    if (!meta) throw new Error('bench: loadContext returned no meta');
    return { ok: true, ms, pyType: meta.pyType, totalChars: meta.totalChars, bytes: meta.bytes, lines: meta.lines,
      warnings: meta.warnings };
  } catch (e) {
    return { ok: false, ms: round(now() - t0), error: e instanceof Error ? e.message : String(e),
      code: e instanceof SandboxError ? e.code : null };
  }
}

window.bench = api;
document.getElementById('status')!.textContent = 'bench page ready';
