/**
 * The Deno host's lifecycle: terminate() really ends the subprocess, the boot snapshot is cached on disk and a
 * second sandbox starts from it, and restored interpreters do not share their random numbers.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ExecOptions } from '../core/types';
import { SandboxClient } from './client';
import { denoTransport } from './deno-host';
import { fileSnapshotStore } from './file-snapshot-store';

const opts: ExecOptions = { timeoutMs: 10_000, onSubcall: async () => 'x' };
const dir = mkdtempSync(path.join(tmpdir(), 'rlm-snap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe('deno host', () => {
  test('dispose kills the subprocess; a block that never yields, or garbage on stdout, gets it killed and replaced', async () => {
    const pids: number[] = [];
    const sb = new SandboxClient(() => {
      const t = denoTransport();
      pids.push(t.pid!);
      return t;
    }, { graceMs: 500 });
    await sb.whenReady();
    await sb.exec('kept = 1', opts);
    // Python that swallows every KeyboardInterrupt: only a kill stops it.
    const stubborn = 'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass';
    const r = await sb.exec(stubborn, { ...opts, timeoutMs: 300 });
    expect(r.reset, r.stderr).toMatch(/did not stop/);
    expect(await gone(pids[0])).toBe(true);
    await sb.whenReady();
    expect((await sb.exec('print("kept" in globals())', opts)).stdout).toBe('False\n');
    expect(pids).toHaveLength(2);
    // Model code can write to the subprocess's stdout: garbage there ends that process, never the host.
    const forged = await sb.exec('import js\njs.Deno.stdout.writeSync(js.Uint8Array.new([255] * 64))\n' +
      'import time\ntime.sleep(5)', opts);
    expect(forged.reset, forged.stderr).toMatch(/crashed/);
    expect(await gone(pids[1])).toBe(true);
    await sb.whenReady();
    expect((await sb.exec('print(1 + 1)', opts)).stdout).toBe('2\n');
    sb.dispose();
    expect(await gone(pids[2])).toBe(true);
  }, 180_000);

  test('the boot snapshot is written to disk atomically and the next sandbox starts from it, reseeded', async () => {
    const store = fileSnapshotStore(dir);
    let loads = 0;
    const counting = { load: () => (loads++, store.load()), save: (d: Uint8Array) => store.save(d) };
    const first = new SandboxClient(() => denoTransport(), { snapshotStore: counting });
    await first.whenReady();
    for (let i = 0; i < 100 && !(await store.load()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(store.file).size).toBeGreaterThan(1_000_000);
    const a = new SandboxClient(() => denoTransport(), { snapshotStore: counting });
    const b = new SandboxClient(() => denoTransport(), { snapshotStore: counting });
    try {
      await Promise.all([a.whenReady(), b.whenReady()]);
      expect(loads).toBe(3);
      const probe = 'import random\nprint(random.random(), hash("abc"))';
      const [ra, rb] = await Promise.all([a.exec(probe, opts), b.exec(probe, opts)]);
      expect(ra.ok && rb.ok, ra.stderr + rb.stderr).toBe(true);
      expect(ra.stdout.split(' ')[0]).not.toBe(rb.stdout.split(' ')[0]);
    } finally {
      first.dispose();
      a.dispose();
      b.dispose();
    }
  }, 180_000);
});
