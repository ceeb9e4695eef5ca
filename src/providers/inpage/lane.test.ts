import { describe, expect, it } from 'vitest';
import { Lane } from './lane';
import { browserSupport, checkGguf, explainLoadError } from './gguf-check';
import { downloadText } from './progress';

describe('Lane', () => {
  it('runs one holder at a time, in order', async () => {
    const lane = new Lane();
    const order: string[] = [];
    const r1 = await lane.acquire();
    const p2 = lane.acquire().then((r) => (order.push('2'), r));
    const p3 = lane.acquire().then((r) => (order.push('3'), r));
    expect(lane.queued).toBe(2);
    order.push('1');
    r1();
    (await p2)();
    (await p3)();
    expect(order).toEqual(['1', '2', '3']);
  });

  it('a caller stopped while waiting leaves at once and the next one still gets the lane', async () => {
    const lane = new Lane();
    const r1 = await lane.acquire();
    const ctl = new AbortController();
    const p2 = lane.acquire(ctl.signal);
    const p3 = lane.acquire();
    ctl.abort(new Error('stop'));
    await expect(p2).rejects.toThrow('stop');
    r1();
    const r3 = await p3;
    expect(lane.queued).toBe(0);
    r3();
  });
});

describe('model file checks', () => {
  it('refuses a file that is not GGUF, by name', async () => {
    await expect(checkGguf(new Blob(['hello world']), 'notes.txt')).rejects.toThrow(/notes.txt is not a GGUF/);
    await expect(checkGguf(new Blob(['GGUF\x03\0\0\0']), 'm.gguf')).resolves.toBeUndefined();
  });

  it('says which architecture is unsupported, and when memory ran out', () => {
    expect(explainLoadError(new Error("unknown model architecture: 'mamba9'"), 'm.gguf').message).toMatch(/"mamba9" architecture/);
    expect(explainLoadError(new Error('RangeError: Array buffer allocation failed'), 'm.gguf').reason).toBe('memory');
  });

  it('names the missing JSPI instead of fetching a fallback from a CDN', () => {
    expect(browserSupport({})).toMatch(/JSPI/);
    expect(browserSupport({ Suspending: class {} })).toBeNull();
  });
});

describe('download progress', () => {
  it('gives bytes, speed and time left from where this attempt began', () => {
    const t = downloadText({ loaded: 60_000_000, total: 100_000_000, startBytes: 40_000_000, startedAt: 0, now: 10_000 });
    expect(t).toBe('60 MB of 100 MB · 2.0 MB/s · 20 s left');
  });
});
