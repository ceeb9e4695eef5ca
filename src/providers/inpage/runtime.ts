/**
 * wllama (llama.cpp in WebAssembly), loaded only when the in-page provider is first used. Its wasm comes from this
 * app's own origin (Vite copies it out of node_modules into assets/); its worker is built into the library.
 * The "compat" build for browsers without JSPI or Memory64 would be fetched from a CDN, so it is switched off:
 * such browsers are told plainly that this provider does not run there (gguf-check.ts browserSupport).
 */
import type { Wllama } from '@wllama/wllama';

export type WllamaModule = typeof import('@wllama/wllama');

let loading: Promise<{ lib: WllamaModule; wasmUrl: string }> | null = null;

export function loadRuntime(): Promise<{ lib: WllamaModule; wasmUrl: string }> {
  loading ??= Promise.all([import('@wllama/wllama'), import('@wllama/wllama/esm/wasm/wllama.wasm?url')]).then(([lib, wasm]) => ({
    lib,
    wasmUrl: wasm.default,
  }));
  // A failed chunk load (offline, new deploy) must not stick for the rest of the visit.
  loading.catch(() => (loading = null));
  return loading;
}

/** A fresh instance per model: unloading one frees its memory and worker with it. */
export async function createWllama(): Promise<{ wllama: Wllama; lib: WllamaModule }> {
  const { lib, wasmUrl } = await loadRuntime();
  const wllama = new lib.Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: quietLogger });
  wllama.setCompat(null);
  return { wllama, lib };
}

const quietLogger = { debug: () => undefined, log: () => undefined, warn: console.warn, error: console.error };

/** Layers go to the GPU only where WebGPU gives an adapter; elsewhere its init has aborted the load (Chromium without shader-f16). */
export async function gpuLayers(): Promise<number | undefined> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 0;
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? undefined : 0;
}
