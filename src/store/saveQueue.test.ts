import { describe, expect, it } from 'vitest';
import { saveQueue } from './saveQueue';

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('saveQueue', () => {
  it('never runs two saves at once, keeps only the newest waiting one, and flush drops it', async () => {
    const log: string[] = [];
    let busy = 0;
    const q = saveQueue(async (v: string) => {
      busy++;
      expect(busy).toBe(1);
      log.push(`start ${v}`);
      await later(v === 'a' ? 30 : 1);
      log.push(`end ${v}`);
      busy--;
    });
    q.push('a');
    q.push('b');
    q.push('c');
    await later(50);
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c']);
    q.push('d');
    q.push('e');
    await q.flush();
    expect(log.slice(4)).toEqual(['start d', 'end d']);
  });

  it('goes on after a failed save', async () => {
    const seen: number[] = [];
    const q = saveQueue(async (v: number) => {
      seen.push(v);
      if (v === 1) throw new Error('disk full');
    });
    q.push(1);
    q.push(2);
    await later(5);
    await q.flush();
    expect(seen).toEqual([1, 2]);
  });
});
