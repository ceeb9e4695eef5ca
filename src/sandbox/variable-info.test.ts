/** ExecResult.variableInfo from the real sandbox (Pyodide in a Node worker, like sandbox.test.ts). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecOptions } from '../core/types';
import { SandboxClient } from './client';
import { nodeWorkerTransport } from './node-host';
import { LIMITS, parseWorkerMessage } from './protocol';

const opts: ExecOptions = { timeoutMs: 20_000, onSubcall: async () => { throw new Error('no sub-calls'); } };
let sb: SandboxClient;
beforeAll(async () => {
  sb = new SandboxClient(nodeWorkerTransport);
  await sb.whenReady();
}, 60_000);
afterAll(() => sb.dispose());

const info = async (code: string) => {
  const r = await sb.exec(code, opts);
  return { r, byName: Object.fromEntries((r.variableInfo ?? []).map((v) => [v.name, v])) };
};

describe('variableInfo', () => {
  test('user data with type and short repr; no scaffold, modules or imported functions; own functions and classes', async () => {
    await sb.reset();
    const { r, byName } = await info(`import re, json
from os.path import join
from collections import Counter
n = 42
xs = list(range(1000))
d = {"b": 1, "a": 2}
s = "hello"
def f(x):
    return x
class Box:
    pass
box = Box()`);
    expect(r.ok).toBe(true);
    expect(r.variables).toEqual(expect.arrayContaining(['n', 'xs', 'join', 'Counter']));
    expect(Object.keys(byName)).toEqual(['n', 'xs', 'd', 's', 'f', 'Box', 'box']);
    expect(byName.n).toEqual({ name: 'n', type: 'int', repr: '42' });
    expect(byName.xs).toEqual({ name: 'xs', type: 'list', repr: '[0, 1, 2, 3, ...]' });
    expect(byName.d.repr).toBe("{'b': 1, 'a': 2}"); // insertion order, not sorted
    expect(byName.s).toEqual({ name: 's', type: 'str', repr: "'hello'" });
    expect(byName.f).toEqual({ name: 'f', type: 'function', repr: '<function f>' });
    expect(byName.Box).toEqual({ name: 'Box', type: 'class', repr: '<class Box>' });
    expect(byName.box.type).toBe('Box');
    expect(byName.box.repr.length).toBeLessThanOrEqual(LIMITS.reprChars);
  });

  test('a 100 MB str: its head and length, fast; every repr within the bound', async () => {
    await sb.reset();
    const t0 = performance.now();
    const { r, byName } = await info('big = "ab" * 50_000_000\nhuge_set = set(range(2_000_000))\nhuge_int = 7 ** 100_000\nblob = bytearray(50_000_000)');
    const ms = performance.now() - t0;
    expect(r.ok).toBe(true);
    expect(byName.big.type).toBe('str');
    expect(byName.big.repr).toMatch(/^'(ab){30}…' \(100,000,000 chars\)$/);
    expect(byName.huge_set.repr).toBe('{0, 1, 2, 3, ...}');
    expect(byName.huge_int.repr).toMatch(/^<int of [\d,]+ bits>$/);
    expect(byName.blob.repr).toMatch(/^b'\\x00.*…' \(50,000,000 bytes\)$/);
    for (const v of r.variableInfo!) expect(v.repr.length).toBeLessThanOrEqual(LIMITS.reprChars);
    // The block itself (building 100 MB + a 2M set) dominates; the info must not add seconds (a sorted set would).
    expect(ms).toBeLessThan(8_000);
    const again = performance.now();
    await sb.exec('pass', opts);
    expect(performance.now() - again).toBeLessThan(1_000);
  }, 30_000);

  test('a __repr__ that raises, loops forever or prints does not break the block result', async () => {
    await sb.reset();
    const t0 = performance.now();
    const { r, byName } = await info(`class Bad:
    def __repr__(self):
        raise ValueError("no")
class Loop:
    def __repr__(self):
        while True:
            try:
                pass
            except BaseException:
                pass
class Noisy:
    def __repr__(self):
        print("LEAK")
        return "noisy"
class Sneaky:
    @property
    def __class__(self):
        raise RuntimeError("gotcha")
bad, loop, noisy, sneaky = Bad(), Loop(), Noisy(), Sneaky()
FINAL("done")`);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.ok).toBe(true);
    expect(r.final).toEqual({ via: 'FINAL', value: 'done' });
    expect(r.stdout).not.toContain('LEAK');
    expect(byName.bad).toEqual({ name: 'bad', type: 'Bad', repr: '<repr failed: ValueError>' });
    expect(byName.loop).toEqual({ name: 'loop', type: 'Loop', repr: '<repr took too long>' });
    expect(byName.noisy.repr).toBe('noisy');
    expect(byName.sneaky.type).toBe('Sneaky');
    expect(r.variables).toEqual(expect.arrayContaining(['bad', 'loop', 'noisy', 'sneaky']));
  }, 30_000);

  test('at most 50 entries; names without info are still in `variables`', async () => {
    await sb.reset();
    const { r } = await info('for i in range(80):\n    globals()[f"v{i}"] = i');
    expect(r.variables.filter((n) => /^v\d+$/.test(n))).toHaveLength(80);
    expect(r.variableInfo).toHaveLength(LIMITS.varInfo);
  });
});

describe('variableInfo at the trust boundary', () => {
  const result = (variableInfo: unknown) => ({ type: 'exec-result', id: 1, result: { stdout: '', stderr: '', ok: true,
    interrupted: false, final: null, variables: ['a'], variableInfo } });

  test('accepts a bounded list, or none', () => {
    expect(parseWorkerMessage(result([{ name: 'a', type: 'int', repr: '1' }]))).not.toBeNull();
    expect(parseWorkerMessage(result(undefined))).not.toBeNull();
  });

  test('drops too many entries, oversized or missing fields', () => {
    const one = { name: 'a', type: 'int', repr: '1' };
    expect(parseWorkerMessage(result(Array(LIMITS.varInfo + 1).fill(one)))).toBeNull();
    expect(parseWorkerMessage(result([{ ...one, repr: 'x'.repeat(2 * LIMITS.reprChars + 1) }]))).toBeNull();
    expect(parseWorkerMessage(result([{ ...one, type: 'x'.repeat(2 * LIMITS.typeChars + 1) }]))).toBeNull();
    expect(parseWorkerMessage(result([{ name: 'a', type: 'int' }]))).toBeNull();
    expect(parseWorkerMessage(result('a'))).toBeNull();
  });
});
