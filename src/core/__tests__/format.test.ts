import { describe, expect, it } from 'vitest';
import { formatBytes } from '../format';

describe('formatBytes', () => {
  it('uses decimal units, as Ollama states model sizes', () => {
    // A 4.7 GB model in `ollama list` is 4,683,075,271 bytes: binary units would call it 4.36 GB.
    expect(formatBytes(4_683_075_271)).toBe('4.7 GB');
    expect(formatBytes(522_653_767)).toBe('523 MB');
    expect(formatBytes(17_000_000_000)).toBe('17 GB');
  });

  it('never prints 1000 of a unit or a rounded-up 10.0', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(999_499)).toBe('999 KB');
    expect(formatBytes(9_960_000)).toBe('10 MB');
    expect(formatBytes(9_940_000)).toBe('9.9 MB');
  });

  it('writes small and empty sizes in bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
  });
});
