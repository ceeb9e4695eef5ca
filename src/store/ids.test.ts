import { describe, expect, it } from 'vitest';
import { newUuid } from './ids';

describe('newUuid', () => {
  it('falls back to getRandomValues where randomUUID is missing (plain http on a LAN)', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newUuid({ getRandomValues: (a) => crypto.getRandomValues(a) })));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUuid({ getRandomValues: () => { throw new Error('unused'); }, randomUUID: () => 'native' } as never)).toBe('native');
  });
});
