/**
 * The one model loaded in this page, shared by every in-page provider object: the settings panel loads it, runs
 * call it. Its status is a small external store (subscribe / get) that the UI reads with useSyncExternalStore.
 */
import type { Wllama } from '@wllama/wllama';
import { browserSupport, checkGguf, explainLoadError, InpageLoadError } from './gguf-check';
import { Lane } from './lane';
import { INPAGE_DEFAULT_N_CTX } from '../inpage';
import { createWllama, gpuLayers } from './runtime';
import { fileName, ModelStore, type StoredModel } from './store';


export interface LoadedModel {
  name: string;
  bytes: number;
  nCtx: number;
  nCtxTrain: number;
  threads: number;
  multiThread: boolean;
  gpu: boolean;
  /** The model's own chat template, or ChatML when it has none. */
  template: 'model' | 'chatml';
  loadMs: number;
  source: 'file' | 'url' | 'cache';
}

export type InpageStatus =
  | { state: 'idle' }
  | { state: 'downloading'; name: string; url: string; loaded: number; total: number; startedAt: number; startBytes: number }
  | { state: 'loading'; name: string }
  | { state: 'ready'; model: LoadedModel }
  | { state: 'error'; message: string; reason: InpageLoadError['reason']; url?: string };

export interface LoadOptions {
  nCtx?: number;
  signal?: AbortSignal;
  /** Drop a partial download and start over. */
  restart?: boolean;
}

export class InpageEngine {
  readonly store: ModelStore;
  readonly lane = new Lane();
  private status: InpageStatus = { state: 'idle' };
  private readonly listeners = new Set<() => void>();
  private wllama: Wllama | null = null;
  private loadAbort: AbortController | null = null;

  constructor(store = new ModelStore(), private readonly now: () => number = () => performance.now()) {
    this.store = store;
  }

  subscribe = (f: () => void): (() => void) => {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  };

  getStatus = (): InpageStatus => this.status;

  private set(s: InpageStatus): void {
    this.status = s;
    this.listeners.forEach((f) => f());
  }

  /** The model runs answer with, or null. */
  loaded(): { wllama: Wllama; model: LoadedModel } | null {
    return this.wllama && this.status.state === 'ready' ? { wllama: this.wllama, model: this.status.model } : null;
  }

  loadFile(file: File, opts: LoadOptions = {}): Promise<LoadedModel | null> {
    return this.guarded(opts, undefined, (signal) => this.loadBlob(file, file.name, 'file', { ...opts, signal }));
  }

  /** From the store when it holds the whole file (no request at all), else downloaded into it first. */
  loadUrl(address: string, opts: LoadOptions = {}): Promise<LoadedModel | null> {
    // A path on this site is stored under its full address, the same key however it was typed.
    const url = absolute(address);
    return this.guarded(opts, url, async (signal) => {
      const cached = opts.restart ? null : await this.store.find(url);
      if (cached?.complete) return this.loadBlob(await this.store.open(cached.key), cached.name, 'cache', { ...opts, signal });
      const startedAt = this.now();
      const startBytes = cached?.size ?? 0;
      const base = { state: 'downloading' as const, name: fileName(url), url, startedAt, startBytes };
      this.set({ ...base, loaded: startBytes, total: cached?.total ?? 0 });
      const got = await this.store.download(url, { signal, restart: opts.restart, onProgress: (p) => this.set({ ...base, ...p }) });
      return this.loadBlob(await this.store.open(got.key), got.name, 'url', { ...opts, signal });
    });
  }

  /** Loads a model from the store by key (the "Models in this browser" list). */
  loadStored(m: StoredModel, opts: LoadOptions = {}): Promise<LoadedModel | null> {
    return this.loadUrl(m.url, opts);
  }

  cancelLoad(): void {
    this.loadAbort?.abort(new DOMException('Cancelled', 'AbortError'));
  }

  async unload(): Promise<void> {
    const w = this.wllama;
    this.wllama = null;
    if (this.status.state === 'ready') this.set({ state: 'idle' });
    await w?.exit().catch(() => undefined);
  }

  /** One load at a time; a cancelled one goes back to idle, a failed one says why. Resolves null unless loaded. */
  private async guarded(opts: LoadOptions, url: string | undefined, run: (s: AbortSignal) => Promise<LoadedModel>): Promise<LoadedModel | null> {
    this.cancelLoad();
    const ctl = new AbortController();
    this.loadAbort = ctl;
    opts.signal?.addEventListener('abort', () => ctl.abort(opts.signal?.reason), { once: true });
    try {
      await this.unload();
      const unsupported = browserSupport();
      if (unsupported) throw new InpageLoadError(unsupported, 'browser');
      return await run(ctl.signal);
    } catch (err) {
      if (this.loadAbort !== ctl) return null;
      if (ctl.signal.aborted) this.set({ state: 'idle' });
      else {
        const e = explainLoadError(err, url ? fileName(url) : 'the model');
        this.set({ state: 'error', message: e.message, reason: e.reason, url });
      }
      return null;
    } finally {
      if (this.loadAbort === ctl) this.loadAbort = null;
    }
  }

  private async loadBlob(blob: Blob, name: string, source: LoadedModel['source'], opts: LoadOptions & { signal: AbortSignal }): Promise<LoadedModel> {
    await checkGguf(blob, name);
    this.set({ state: 'loading', name });
    const t0 = this.now();
    const { wllama } = await createWllama();
    const nCtx = opts.nCtx ?? INPAGE_DEFAULT_N_CTX;
    try {
      await wllama.loadModel([blob], { n_ctx: nCtx, n_gpu_layers: await gpuLayers(), n_parallel: 1 });
    } catch (err) {
      await wllama.exit().catch(() => undefined);
      throw explainLoadError(err, name);
    }
    if (opts.signal.aborted) {
      await wllama.exit().catch(() => undefined);
      throw opts.signal.reason;
    }
    const info = wllama.getLoadedContextInfo();
    const model: LoadedModel = {
      name,
      bytes: blob.size,
      nCtx: info.n_ctx,
      nCtxTrain: info.n_ctx_train,
      threads: wllama.getNumThreads(),
      multiThread: wllama.isMultithread(),
      gpu: (await gpuLayers()) !== 0,
      template: wllama.getChatTemplate() ? 'model' : 'chatml',
      loadMs: this.now() - t0,
      source,
    };
    this.wllama = wllama;
    this.set({ state: 'ready', model });
    return model;
  }
}

function absolute(url: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    return url;
  }
}

/** The page's one engine; created on first use so importing this file costs nothing. */
let shared: InpageEngine | null = null;
export function inpageEngine(): InpageEngine {
  return (shared ??= new InpageEngine());
}
