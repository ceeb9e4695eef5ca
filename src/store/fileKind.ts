import type { ContextFormat } from '../core/types';

/** A NUL byte in the first 8 KB means this is not text; PDFs are recognised by their magic. */
export function sniff(bytes: ArrayBuffer): 'text' | 'binary' | 'pdf' {
  const head = new Uint8Array(bytes, 0, Math.min(8192, bytes.byteLength));
  if (head.length >= 5 && String.fromCharCode(...head.subarray(0, 5)) === '%PDF-') return 'pdf';
  return head.includes(0) ? 'binary' : 'text';
}

export function formatFor(name: string): ContextFormat {
  if (/\.json$/i.test(name)) return 'json';
  return /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'text';
}
