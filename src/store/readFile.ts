/** Reads a File into one buffer with progress, without ever building a JS string of it. */
export async function readWithProgress(file: Blob, onProgress: (loaded: number) => void): Promise<ArrayBuffer> {
  const out = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew while being read would overflow the buffer: fail clearly instead.
    if (loaded + value.length > out.length) throw new Error('The file changed while it was being read. Try again.');
    out.set(value, loaded);
    loaded += value.length;
    if (loaded - lastReport > 8 * 1024 * 1024) {
      lastReport = loaded;
      onProgress(loaded);
    }
  }
  onProgress(loaded);
  return out.buffer;
}

/** A NUL byte in the first 8 KB means this is not text; PDFs are recognised by their magic. */
export function sniff(bytes: ArrayBuffer): 'text' | 'binary' | 'pdf' {
  const head = new Uint8Array(bytes, 0, Math.min(8192, bytes.byteLength));
  if (head.length >= 5 && String.fromCharCode(...head.subarray(0, 5)) === '%PDF-') return 'pdf';
  return head.includes(0) ? 'binary' : 'text';
}

export function formatFor(name: string): 'text' | 'json' {
  return /\.json$/i.test(name) ? 'json' : 'text';
}
