import { describe, expect, test } from 'vitest';
import { SandboxPool, type PoolSandbox } from './pool';

type Fake = PoolSandbox & { n: number; resets: number; disposed: boolean; failReset: boolean };
function fakeSandbox(n: number): Fake {
  const s: Fake = {
    n, resets: 0, disposed: false, failReset: false,
    exec: async () => ({ stdout: '', stderr: '', ok: true, final: null, durationMs: 0, variables: [] }),
    getVar: async () => null,
    loadContext: async () => null,
    async reset() {
      if (s.failReset) throw new Error('wedged');
      s.resets++;
    },
    dispose() {
      s.disposed = true;
    },
  };
  return s;
}

describe('SandboxPool', () => {
  test('starts members on demand up to size, then makes acquirers wait for a reset member', async () => {
    let made = 0;
    const pool = new SandboxPool(() => fakeSandbox(++made), 2);
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    expect([a.n, b.n, pool.started]).toEqual([1, 2, 2]);
    let third: Fake | null = null;
    const waiting = pool.acquire().then((s) => (third = s));
    await Promise.resolve();
    expect(third).toBeNull();
    await pool.release(a);
    expect((await waiting).n).toBe(1);
    expect(a.resets).toBe(1);
    expect(made).toBe(2);
  });

  test('a member that cannot reset is disposed and replaced by a new one', async () => {
    let made = 0;
    const pool = new SandboxPool(() => fakeSandbox(++made), 1);
    const a = await pool.acquire();
    const next = pool.acquire();
    a.failReset = true;
    await pool.release(a);
    expect(a.disposed).toBe(true);
    expect((await next).n).toBe(2);
  });

  test('dispose disposes every member and rejects waiters; an aborted wait rejects', async () => {
    const pool = new SandboxPool(() => fakeSandbox(1), 1);
    const a = await pool.acquire();
    const ctrl = new AbortController();
    const aborted = pool.acquire(ctrl.signal);
    ctrl.abort();
    await expect(aborted).rejects.toThrow(/stopped/);
    const waiter = pool.acquire();
    pool.dispose();
    await expect(waiter).rejects.toThrow(/disposed/);
    expect(a.disposed).toBe(true);
    expect(() => new SandboxPool(() => fakeSandbox(1), 0)).toThrow(/at least 1/);
  });
});
