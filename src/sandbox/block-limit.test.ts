/**
 * The block time limit counts Python's own running time, not the time it waits for llm_query answers.
 * Real Pyodide in a Node worker (node-host.ts), as in sandbox.test.ts.
 */
import { describe, expect, test } from 'vitest';
import type { ExecOptions, SubcallRequest } from '../core/types';
import { BRIDGES, suiteSandbox } from './test-bridges';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sub-model that takes `ms` per call and counts its calls. */
function slowSub(ms: number) {
  const seen: string[] = [];
  const onSubcall: ExecOptions['onSubcall'] = async ({ prompt }: SubcallRequest) => {
    seen.push(prompt);
    await sleep(ms);
    return `answer to ${prompt}`;
  };
  return { seen, onSubcall };
}

/** Python that keeps the CPU busy for `ms` (a pure-Python loop, no sleep, no wait). */
const busy = (ms: number) => `_t = time.perf_counter()\n    while time.perf_counter() - _t < ${ms / 1000}:\n        pass`;

describe.each(BRIDGES)('%s bridge', (bridge) => {
  const sb = suiteSandbox(bridge);

  describe('block time limit vs sub-calls', () => {
    test('a sub-call longer than the limit does not stop the block', async () => {
      const { seen, onSubcall } = slowSub(2500);
      const r = await sb.exec('x = llm_query("slow one")\nprint(x)', { timeoutMs: 1500, onSubcall });
      expect(r, r.stderr).toMatchObject({ ok: true, stdout: 'answer to slow one\n' });
      expect(r.timedOut).toBeUndefined();
      expect(seen).toEqual(['slow one']);
      expect(r.durationMs).toBeGreaterThanOrEqual(2500); // durationMs stays wall time
    });

    test('a batch whose calls together outlast the limit completes', async () => {
      const { seen, onSubcall } = slowSub(700);
      // 20 prompts through the client's concurrency cap (16 by default): two rounds, ~1.4 s of waiting.
      const r = await sb.exec('out = llm_query_batched([str(i) for i in range(20)])\nprint(len(out), out[19])',
        { timeoutMs: 1000, onSubcall });
      expect(r, r.stderr).toMatchObject({ ok: true, stdout: '20 answer to 19\n' });
      expect(seen).toHaveLength(20);
    });

    test('many short sub-calls between short Python steps: only the Python steps count', async () => {
      const { seen, onSubcall } = slowSub(600);
      const code = `import time\nfor i in range(4):\n    ${busy(200)}\n    llm_query(str(i))\nprint("done")`;
      const r = await sb.exec(code, { timeoutMs: 1500, onSubcall }); // ~0.8 s of Python, ~2.4 s of waiting
      expect(r, r.stderr).toMatchObject({ ok: true, stdout: 'done\n' });
      expect(seen).toHaveLength(4);
    });

    test('a pure Python loop is still stopped at the limit', async () => {
      const t0 = performance.now();
      const r = await sb.exec('while True:\n    pass', { timeoutMs: 1500, onSubcall: slowSub(0).onSubcall });
      const wall = performance.now() - t0;
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset, r.stderr).toBeUndefined();
      expect(r.stderr).toMatch(/TimeoutError: the block ran longer than the 1.5 s time limit/);
      expect(wall).toBeGreaterThanOrEqual(1450);
      expect(wall).toBeLessThan(3000);
    });

    test('a block that loops and calls is stopped once its own Python time passes the limit', async () => {
      const { seen, onSubcall } = slowSub(500);
      // Each round: 400 ms of Python, then a 500 ms sub-call. With a 1 s limit of Python time the block is stopped
      // in the third round's loop (2 calls made); a wall-clock limit would stop it in the second (1 call).
      const code = `import time\nfor i in range(10):\n    ${busy(400)}\n    print(llm_query(str(i)))`;
      const t0 = performance.now();
      const r = await sb.exec(code, { timeoutMs: 1000, onSubcall });
      const wall = performance.now() - t0;
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset, r.stderr).toBeUndefined();
      expect(seen).toEqual(['0', '1']);
      expect(r.stdout).toBe('answer to 0\nanswer to 1\n');
      expect(wall).toBeGreaterThanOrEqual(1900); // 1 s of Python + 2 × 0.5 s of waiting
      expect(wall).toBeLessThan(3500);
      expect((await sb.exec('print("still fine")', { timeoutMs: 1000, onSubcall })).stdout).toBe('still fine\n');
    });
  });
});
