/**
 * The Node hosts' figures: node_* for src/sandbox/node-host.ts (the same engine in a worker thread, used by tests and
 * tools), deno_* for src/sandbox/deno-host.ts (the Deno subprocess, the boundary; deno-bench.ts).
 * Run by run.ts as `node --experimental-wasm-stack-switching --import tsx tools/bench/node-bench.ts [--quick]`
 * (JSPI needs that V8 flag on Node 20). Progress on stderr; the last stdout line is a JSON object of `node_*` keys.
 */
import { SandboxClient } from '../../src/sandbox/client';
import { nodeWorkerTransport } from '../../src/sandbox/node-host';
import { median, r } from './stats';
import { measureChildSpawn } from './child-spawn';
import { measureDeno } from './deno-bench';

const QUICK = process.argv.includes('--quick');
const MB = 1_000_000;
const log = (msg: string) => process.stderr.write(`[bench node] ${msg}\n`);
const noSubcall = () => Promise.reject(new Error('no LLM in the Node bench'));

function textBytes(size: number): ArrayBuffer {
  const line = Buffer.from('2026-11-23T12:00:00.000Z INFO svc-07 GET /api/items/000123 200 12ms user=42\n');
  const buf = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += line.length) line.copy(buf, i, 0, Math.min(line.length, size - i));
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + size) as ArrayBuffer;
}

async function main(): Promise<void> {
  const res: Record<string, unknown> = {};
  const ready: number[] = [];
  let client: SandboxClient | null = null;
  for (let i = 0; i < (QUICK ? 1 : 3); i++) {
    client?.dispose();
    const t0 = performance.now();
    client = new SandboxClient(nodeWorkerTransport);
    await client.whenReady();
    ready.push(performance.now() - t0);
    log(`ready in ${ready[ready.length - 1].toFixed(0)} ms`);
  }
  res.node_ready_ms = r(median(ready), 0);
  res.node_ready_n = ready.length;
  const c = client!;

  const restarts: number[] = [];
  for (let i = 0; i < (QUICK ? 1 : 3); i++) {
    const t0 = performance.now();
    await c.restart();
    restarts.push(performance.now() - t0);
  }
  res.node_restart_snapshot_ms = r(median(restarts), 0);

  const execs: number[] = [];
  for (let i = 0; i < 45; i++) {
    const t0 = performance.now();
    const x = await c.exec('x = 1', { timeoutMs: 30_000, onSubcall: noSubcall });
    if (!x.ok) throw new Error(x.stderr);
    if (i >= 5) execs.push(performance.now() - t0);
  }
  res.node_exec_roundtrip_ms = r(median(execs), 2);

  const loads: number[] = [];
  for (let i = 0; i < (QUICK ? 1 : 3); i++) {
    const bytes = textBytes(100 * MB); // an ArrayBuffer is transferred, so a new one per run
    const t0 = performance.now();
    const meta = await c.loadContext([{ name: 'bench.log', bytes, format: 'text' }]);
    loads.push(performance.now() - t0);
    if (meta?.totalChars !== 100 * MB) throw new Error(`loaded ${meta?.totalChars} chars`);
  }
  res.node_context_load_mbps_100mb = r(100 / (median(loads)! / 1000), 0);
  res.node_context_load_100mb_ms = r(median(loads), 0);
  log(`exec ${res.node_exec_roundtrip_ms} ms, 100 MB in ${res.node_context_load_100mb_ms} ms`);
  Object.assign(res, await measureChildSpawn(c, QUICK));
  log(`child spawn ${res.node_child_spawn_ms} ms, ${res.node_child_heap_kb} KB each`);
  c.dispose();
  try {
    Object.assign(res, await measureDeno(QUICK, log, textBytes));
  } catch (e) {
    res.deno_note = `deno sandbox bench failed: ${String((e as Error)?.message ?? e)}`;
  }
  process.stdout.write(JSON.stringify(res) + '\n');
  // The worker thread may keep the event loop alive a little; the result is out.
  setTimeout(() => process.exit(0), 100).unref();
}

main().catch((e) => {
  process.stderr.write(`[bench node] failed: ${String((e as Error)?.stack ?? e)}\n`);
  process.stdout.write(JSON.stringify({ node_note: `node bench failed: ${String((e as Error)?.message ?? e)}` }) + '\n');
  process.exit(1);
});
