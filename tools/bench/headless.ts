/**
 * The headless package's figures (`BENCH_ONLY=headless`), built CLI (lib/, rebuilt here), instant fake LLM:
 * - cli_cold_start_first_call_ms: `node lib/cli.js ask …` spawned → the fake server receives the first model call
 *   (Node start, the JSPI re-exec on Node 20–24, Pyodide boot without a cached snapshot, context load); median of 3.
 * - serve_overhead_ms: per request to `serve`, the client's wall time minus the RLM's own total time (HTTP, JSON,
 *   session and sandbox lease, context load); median over 10 sequential non-streaming requests.
 * - bench_100_unsharded_s / bench_100_sharded_s: 100 NIAH trials (model niah2, 1,000 lines) as one `bench` process,
 *   and as two `--shard i/2` processes started together plus `bench merge`, on this one machine (2 sandboxes each).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFakeLlmServer } from '../fake-llm/server';
import { median, r } from './stats';

type Json = Record<string, unknown>;

export interface HeadlessDeps {
  repo: string;
  quick: boolean;
  log: (msg: string) => void;
}

function cli(repo: string, args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(repo, 'lib/cli.js'), ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`rlm-studio ${args[0]} exited ${code}: ${err.slice(-300)}`))));
  });
}

export async function phaseHeadless(d: HeadlessDeps, out: Json, notes: Json): Promise<void> {
  d.log('building lib/ (npm run build:lib)…');
  execFileSync(process.execPath, [path.join(d.repo, 'node_modules/tsx/dist/cli.mjs'), 'tools/build-lib.ts'], { cwd: d.repo, stdio: 'ignore' });
  const fake = await createFakeLlmServer({ port: 0, latencyMs: 0, chunkDelayMs: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-headless-'));
  try {
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      fake.resetStats();
      const t0 = Date.now();
      await cli(d.repo, ['ask', 'What is the secret number?', '--host', fake.url, '-m', 'niah2', '-q'], dir);
      const first = fake.stats.times.niah2?.[0];
      if (first) starts.push(first - t0);
    }
    out.cli_cold_start_first_call_ms = r(median(starts), 0);
    notes.cli_cold_start_note = 'no disk snapshot cache yet: every start boots Pyodide cold';

    // The built CLI in a child: this process has no JSPI flag (the command adds it to its own re-exec).
    const srv = spawn(process.execPath, [path.join(d.repo, 'lib/cli.js'), 'serve', '--port', '0', '--host', fake.url, '-m', 'niah2', '--sandboxes', '1', '-q'],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        srv.stderr.on('data', (c) => {
          err += c;
          const m = /listening on (http:\/\/\S+)\/v1/.exec(err);
          if (m) resolve(m[1]);
        });
        srv.on('close', (code) => reject(new Error(`serve exited ${code}: ${err.slice(-300)}`)));
      });
      const doc = Array.from({ length: 1000 }, (_, i) => (i === 500 ? 'The secret number is 4242' : `line ${i}`)).join('\n');
      const over: number[] = [];
      for (let i = 0; i < (d.quick ? 4 : 10); i++) {
        const t0 = Date.now();
        const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'niah2', messages: [{ role: 'user', content: doc }, { role: 'user', content: 'What is the secret number?' }] }) });
        const body = (await res.json()) as { rlm?: { total_time_s: number }; error?: { message: string } };
        if (!body.rlm) throw new Error(`serve answered ${res.status}: ${body.error?.message}`);
        if (i > 0) over.push(Date.now() - t0 - body.rlm.total_time_s * 1000); // the first request boots the sandbox
      }
      out.serve_overhead_ms = r(median(over), 1);
    } finally {
      srv.kill('SIGTERM');
    }

    const trials = d.quick ? '20' : '100';
    const flags = ['--no-local', '--no-cloud-auto', '--ollama', `${fake.url}/niah2`, '--lines', '1000', '--trials', trials, '--seed', '42',
      '--per-host', '4', '--sandboxes', '2', '-q'];
    let t0 = Date.now();
    await cli(d.repo, ['bench', ...flags, '--results', 'whole.jsonl'], dir);
    out.bench_100_unsharded_s = r((Date.now() - t0) / 1000, 1);
    t0 = Date.now();
    await Promise.all([0, 1].map((i) => cli(d.repo, ['bench', ...flags, '--shard', `${i}/2`], dir)));
    await cli(d.repo, ['bench', 'merge', 'bench-shard-0-of-2.jsonl', 'bench-shard-1-of-2.jsonl'], dir);
    out.bench_100_sharded_s = r((Date.now() - t0) / 1000, 1);
    notes.bench_100_note = `${trials} trials; both shards on this one machine (the figure shows the sharding overhead, not a cluster's speed-up)`;
  } finally {
    await fake.close();
  }
}
