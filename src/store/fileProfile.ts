/**
 * The 'profile' strategy's context profile (src/core/profile.ts) of the user's files, read in slices
 * like the hash (fileHash.ts): a 2 GB file is never held as one string beside the copy in Python.
 */
import { profileContext, type ProfileOptions } from '../core/profile';
import type { ContextProfile } from '../core/types';

const SLICE = 8 * 1024 * 1024;

/** The files' text in order, decoded as UTF-8 slice by slice (a character cut by a slice edge is kept whole). */
export async function* textSlices(blobs: readonly Blob[], slice = SLICE): AsyncGenerator<string> {
  for (const blob of blobs) {
    // One decoder per file: a file's last bytes must not be glued to the next file's first.
    const decoder = new TextDecoder();
    for (let at = 0; at < blob.size; at += slice) {
      const text = decoder.decode(new Uint8Array(await blob.slice(at, at + slice).arrayBuffer()), { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

/** `totalChars` is the context's length as loaded (ContextMeta.totalChars): the profile places its tail preview by it. */
export function profileOfBlobs(blobs: readonly Blob[], totalChars: number, opts: ProfileOptions & { slice?: number } = {}): Promise<ContextProfile> {
  return profileContext({ chunks: textSlices(blobs, opts.slice), totalChars }, opts);
}

/** What identifies a file's profile across loads: its hash when known, else its names, sizes and dates. */
export function profileKey(files: readonly File[], sha256: string | undefined): string {
  return sha256 ?? files.map((f) => `${f.name}\u0000${f.size}\u0000${f.lastModified}`).join('\u0001');
}
