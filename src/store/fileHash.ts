/**
 * SHA-256 of the user's context files, read in slices: crypto.subtle.digest needs the whole
 * input in one buffer, which for a 2 GB file would be a second full copy in memory.
 * hash-wasm keeps a running state instead; it loads only when a file is hashed.
 */
const SLICE = 8 * 1024 * 1024;

/** Hex digest of the files' bytes in order (one file: that file's ordinary sha256). */
export async function sha256OfBlobs(blobs: readonly Blob[], slice = SLICE): Promise<string> {
  const { createSHA256 } = await import('hash-wasm');
  const hasher = await createSHA256();
  hasher.init();
  for (const blob of blobs)
    for (let at = 0; at < blob.size; at += slice) hasher.update(new Uint8Array(await blob.slice(at, at + slice).arrayBuffer()));
  return hasher.digest('hex');
}
