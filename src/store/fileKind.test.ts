import { describe, expect, it } from 'vitest';
import { formatFor, sniff } from './fileKind';

const buf = (s: string | number[]) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s)).buffer as ArrayBuffer;

describe('file kinds', () => {
  it('tells text, binary and PDF apart from the first bytes', () => {
    expect(sniff(buf('hello\nworld'))).toBe('text');
    expect(sniff(buf(''))).toBe('text');
    expect(sniff(buf([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toBe('binary');
    expect(sniff(buf('%PDF-1.4\n...'))).toBe('pdf');
  });
  it('chooses the parse format from the name', () => {
    expect(formatFor('a.JSON')).toBe('json');
    expect(formatFor('rows.jsonl')).toBe('jsonl');
    expect(formatFor('rows.ndjson')).toBe('jsonl');
    expect(formatFor('notes.json.txt')).toBe('text');
  });
});
