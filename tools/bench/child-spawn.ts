/**
 * The recursion phase of the Node bench: what a child run's REPL costs (src/sandbox/child.ts, a namespace in the
 * parent's interpreter). `node_child_spawn_ms`: spawnRepl with a 1 KB prompt until usable (median); `..._exec_ms`:
 * spawn + one block + dispose; `node_child_heap_kb`: Python heap per live child (tracemalloc over 100 children).
 * The alternative design, a worker per child from the boot snapshot, costs about `node_restart_snapshot_ms`.
 */
import type { SandboxClient } from '../../src/sandbox/client';
import { median, r } from './stats';

const noSubcall = () => Promise.reject(new Error('no LLM in the Node bench'));
const opts = { timeoutMs: 30_000, onSubcall: noSubcall };

export async function measureChildSpawn(c: SandboxClient, quick: boolean): Promise<Record<string, number>> {
  const prompt = 'Summarise this part: ' + 'lorem ipsum '.repeat(85);
  const signal = new AbortController().signal;
  const spawns: number[] = [];
  const cycles: number[] = [];
  for (let i = 0; i < (quick ? 10 : 40); i++) {
    const t0 = performance.now();
    const child = await c.spawnRepl({ context: prompt, signal });
    spawns.push(performance.now() - t0);
    const x = await child.exec('n = len(context)', opts);
    if (!x.ok) throw new Error(x.stderr);
    await child.dispose();
    cycles.push(performance.now() - t0);
  }
  const heap = async () => {
    const x = await c.exec('import tracemalloc as _tm\nif not _tm.is_tracing(): _tm.start()\nprint(_tm.get_traced_memory()[0])', opts);
    return Number(x.stdout.trim());
  };
  const n = 100;
  const before = await heap();
  const kids = await Promise.all(Array.from({ length: n }, () => c.spawnRepl({ context: prompt, signal })));
  const after = await heap();
  await Promise.all(kids.map((k) => k.dispose()));
  await c.exec('_tm.stop()', opts);
  return {
    node_child_spawn_ms: r(median(spawns), 2) ?? -1,
    node_child_spawn_exec_ms: r(median(cycles), 2) ?? -1,
    node_child_heap_kb: r((after - before) / n / 1000, 1) ?? -1,
  };
}
