/** What a library caller or the CLI passes as context → the sandbox's ContextFile slots (context_0, context_1, …). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContextFormat } from '../core/types';
import type { ContextFile } from '../sandbox/api';
import { formatFor, sniff } from '../store/fileKind';

export interface NamedContext {
  name: string;
  content: string | Uint8Array;
  /** Default: from the name (.json → dict/list, .jsonl/.ndjson → list, else str). */
  format?: ContextFormat;
}

/** A string or bytes is one context; a list gives `context_0`, `context_1`, … (`context` is the first). */
export type ContextInput = string | Uint8Array | NamedContext | NamedContext[];

function toBuffer(content: string | Uint8Array): ArrayBuffer {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return bytes.slice().buffer as ArrayBuffer;
}

/** One slot per entry, in order. Binary content is refused with the name: the REPL would only see garbage. */
export function contextSlots(input: ContextInput | undefined | null): ContextFile[][] {
  if (input === undefined || input === null) return [];
  const list: NamedContext[] = Array.isArray(input)
    ? input
    : typeof input === 'string' || input instanceof Uint8Array
      ? [{ name: 'context.txt', content: input }]
      : [input];
  return list.map((c) => {
    const bytes = toBuffer(c.content);
    const kind = sniff(bytes);
    if (kind !== 'text') throw new Error(`${c.name} is ${kind === 'pdf' ? 'a PDF' : 'a binary file'}; give its text instead.`);
    return [{ name: c.name, bytes, format: c.format ?? formatFor(c.name) }];
  });
}

/** Files from disk as named contexts; a missing or unreadable file is named. */
export async function readContextFiles(files: string[]): Promise<NamedContext[]> {
  return Promise.all(
    files.map(async (f) => {
      try {
        return { name: path.basename(f), content: new Uint8Array(await readFile(f)) };
      } catch (e) {
        throw new Error(`Cannot read ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
    }),
  );
}
