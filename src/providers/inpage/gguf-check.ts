/**
 * What can be told about a model file before llama.cpp sees it, and llama.cpp's load errors in plain words.
 * A wrong file must fail here with a sentence the user can act on, not deep in the wasm.
 */

/** The four bytes every GGUF file starts with. */
const MAGIC = [0x47, 0x47, 0x55, 0x46];

export class InpageLoadError extends Error {
  override readonly name = 'InpageLoadError';
  constructor(
    message: string,
    readonly reason: 'not_gguf' | 'architecture' | 'memory' | 'quota' | 'download' | 'browser' | 'other',
  ) {
    super(message);
  }
}

/** Reads 4 bytes only: a 2 GB file is checked as fast as a small one. */
export async function checkGguf(blob: Blob, name: string): Promise<void> {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  if (head.length < 4 || MAGIC.some((b, i) => head[i] !== b)) {
    throw new InpageLoadError(
      `${name} is not a GGUF model file (it does not start with "GGUF"). Pick a .gguf file, e.g. one of the listed models.`,
      'not_gguf',
    );
  }
}

/** llama.cpp's and wllama's wording → one sentence that says what to do. */
export function explainLoadError(err: unknown, name: string): InpageLoadError {
  if (err instanceof InpageLoadError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const arch = /unknown model architecture: '([^']+)'/i.exec(text);
  if (arch) return new InpageLoadError(`${name} uses the "${arch[1]}" architecture, which this llama.cpp build does not support.`, 'architecture');
  if (/invalid ggml type|unsupported (tensor )?type|quantization/i.test(text)) {
    return new InpageLoadError(`${name} uses a tensor type (quantisation) this llama.cpp build cannot read. Try a Q4_K_M or Q8_0 file.`, 'architecture');
  }
  if (/out of memory|memory access out of bounds|failed to allocate|Cannot allocate|RangeError: Array buffer allocation/i.test(text)) {
    return new InpageLoadError(
      `Not enough memory to load ${name}. Pick a smaller model (a 0.5–1 B Q4 model needs about 0.5–1 GB), or lower the context size.`,
      'memory',
    );
  }
  return new InpageLoadError(`Could not load ${name}: ${text}`, 'other');
}

/** The browser needs WebAssembly JSPI and Memory64; wllama's fallback build would come from a CDN, which we never use. */
export function browserSupport(wasm: unknown = globalThis.WebAssembly): string | null {
  const w = wasm as { Suspending?: unknown } | undefined;
  if (!w) return 'This browser has no WebAssembly, so it cannot run a model in the page.';
  if (!w.Suspending) {
    return 'This browser lacks WebAssembly JSPI, which the in-page model needs (Chrome or Edge 137+ have it). Use another provider here.';
  }
  return null;
}
