/**
 * Figures of the Deno sandbox host (src/sandbox/deno-host.ts, the boundary the CLI and server use), measured from
 * node-bench.ts: start with and without the cached boot snapshot (a fresh cache dir, so the first start is a true
 * cold one), the subprocess's memory, and per-block / context-load cost next to the node_* figures of the worker
 * thread host.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxClient } from '../../src/sandbox/client';
import { denoTransport } from '../../src/sandbox/deno-host';
import { fileSnapshotStore } from '../../src/sandbox/file-snapshot-store';
import { median, r } from './stats';

const noSubcall = () => Promise.reject(new Error('no LLM in the bench'));
const ok = { timeoutMs: 30_000, onSubcall: noSubcall };

/** VmRSS / VmHWM of a process, MB. */
function mem(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1000, hwm: kb('VmHWM') / 1000 };
}

async function start(store: ReturnType<typeof fileSnapshotStore>): Promise<{ client: SandboxClient; pid: number; ms: number }> {
  let pid = 0;
  const t0 = performance.now();
  const client = new SandboxClient(() => {
    const t = denoTransport();
    pid = t.pid ?? 0;
    return t;
  }, { snapshotStore: store });
  await client.whenReady();
  return { client, pid, ms: performance.now() - t0 };
}

export async function measureDeno(quick: boolean, log: (m: string) => void, textBytes: (n: number) => ArrayBuffer):
  Promise<Record<string, unknown>> {
  const res: Record<string, unknown> = {};
  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-deno-bench-'));
  try {
    const store = fileSnapshotStore(dir);
    const cold = await start(store);
    res.deno_ready_cold_ms = r(cold.ms, 0);
    for (let i = 0; i < 100 && !(await store.load()); i++) await new Promise((x) => setTimeout(x, 100));
    cold.client.dispose();
    const cached: number[] = [];
    let warm = null;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      warm?.client.dispose();
      warm = await start(store);
      cached.push(warm.ms);
    }
    res.deno_ready_cached_snapshot_ms = r(median(cached), 0);
    res.deno_ready_cached_snapshot_n = cached.length;
    log(`deno ready: cold ${res.deno_ready_cold_ms} ms, from the cached snapshot ${res.deno_ready_cached_snapshot_ms} ms`);
    const c = warm!.client;
    await c.exec('x = 1', ok);
    const idle = mem(warm!.pid);
    res.deno_rss_mb_idle = r(idle.rss, 0);
    const execs: number[] = [];
    for (let i = 0; i < 45; i++) {
      const t0 = performance.now();
      const x = await c.exec('x = 1', ok);
      if (!x.ok) throw new Error(x.stderr);
      if (i >= 5) execs.push(performance.now() - t0);
    }
    res.deno_exec_roundtrip_ms = r(median(execs), 2);
    const t0 = performance.now();
    const meta = await c.loadContext([{ name: 'bench.log', bytes: textBytes(100_000_000), format: 'text' }]);
    if (meta?.totalChars !== 100_000_000) throw new Error(`loaded ${meta?.totalChars} chars`);
    res.deno_context_load_100mb_ms = r(performance.now() - t0, 0);
    const loaded = mem(warm!.pid);
    res.deno_rss_mb_100mb_context = r(loaded.rss, 0);
    res.deno_hwm_mb_100mb_context = r(loaded.hwm, 0);
    log(`deno exec ${res.deno_exec_roundtrip_ms} ms, RSS ${res.deno_rss_mb_idle} MB idle, 100 MB context in ` +
      `${res.deno_context_load_100mb_ms} ms (RSS ${res.deno_rss_mb_100mb_context} MB)`);
    c.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return res;
}
