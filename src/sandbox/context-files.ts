/**
 * The page's copy of what each context slot holds (Blob handles, never the bytes read into the page), kept to
 * reload the context into a new worker after a restart; and the size check made before a file is read at all.
 */
import type { ContextFormat } from '../core/types';
import { formatBytes } from '../core/format';
import { SandboxError, type ContextFile } from './api';
import type { ContextPayload } from './protocol';

export type StoredFile = { name: string; format: ContextFormat; blob: Blob };

export const toPayload = (files: StoredFile[]): ContextPayload[] =>
  files.map(({ name, format, blob }) => ({ name, format, data: blob }));

/** Blob handles for `files`; an ArrayBuffer is copied into a Blob once (the caller may reuse it). */
export const toStored = (files: ContextFile[] | null): StoredFile[] | null =>
  files?.map((f) => ({ name: f.name, format: f.format, blob: f.bytes instanceof Blob ? f.bytes : new Blob([f.bytes]) })) ??
  null;

/**
 * The wasm heap is 4 GiB and a Python str on wasm32 holds at most 2^31 - 1 characters; a file that is not ASCII
 * needs its bytes and its str at once. Refuse bigger inputs before reading a byte, naming the limit.
 */
const MAX_CONTEXT_BYTES = 2_100_000_000;

export function checkContextSize(files: ContextFile[] | null): void {
  const size = (f: ContextFile) => (f.bytes instanceof Blob ? f.bytes.size : f.bytes.byteLength);
  const total = files?.reduce((n, f) => n + size(f), 0) ?? 0;
  if (total <= MAX_CONTEXT_BYTES) return;
  const biggest = files!.reduce((a, b) => (size(a) >= size(b) ? a : b));
  throw new SandboxError(
    `${formatBytes(total)} is more than the sandbox can hold: the limit is ${formatBytes(MAX_CONTEXT_BYTES)} of files in all (Python in ` +
      'the browser has a 4 GB memory and needs the bytes and the text at once). Split the file, or filter it first ' +
      '(e.g. grep the lines you need).',
    'too-large',
    biggest.name,
  );
}
