/** `rlm-studio bench` with the seed's flags, shards merged equal to an unsharded run, and --shard auto. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../../tools/fake-llm/server';
import { readBenchRecord } from '../../store/benchImport';
import { runCli } from '../cli/run-cli';
import { configOf } from '../cli/bench-command';
import { runBench } from './run';
import { autoShard, mergeShards, parseShard, readShardFile } from './shard';
import { summaryRows } from './table';
import type { BenchRecord } from '../../bench/types';

let fake: FakeLlmServer;
let dir: string;

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
  dir = await mkdtemp(path.join(tmpdir(), 'rlm-bench-'));
});
afterAll(async () => {
  await fake?.close();
});

/** What must agree between two runs of one config: everything but times and ids. */
const outcome = (rec: BenchRecord) => ({
  keys: rec.trials.map((t) => [t.key, t.status, t.answer, t.score?.correct]),
  rows: summaryRows(rec).map(({ AvgTime: _t, ...r }) => r),
});

describe('rlm-studio bench', { timeout: 300_000 }, () => {
  it("prints the seed's table from the seed's flags; --out imports into the benchmark tab", async () => {
    const out = path.join(dir, 'results.json');
    const r = await runCli(['bench', '--no-local', '--no-cloud-auto', '--ollama', 'bench-good', `${fake.url}/bench-bad`, '--lines', '100',
      '--trials', '2', '--seed', '42', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Model\s+Provider\s+Acc\s+AvgTime\s+Iters/);
    expect(r.stdout).toMatch(/bench-bad\s+ollama\s+0 % \(0\/2\)/);
    // bench-good without a host of its own went to the default host, which has nothing: its trials are errors, not wrong.
    expect(r.stdout).toMatch(/bench-good \(local\)\s+ollama\s+–/);
    const imported = readBenchRecord(await readFile(out, 'utf8'));
    expect(imported.ok).toBe(true);
  });

  it('shards 0/2 and 1/2, merged, equal an unsharded run; merge names missing trials', async () => {
    const flags = { local: false, cloudAuto: false, ollama: ['bench-good', 'bench-bad'], ollamaHost: fake.url, lines: ['100'], trials: '3', seed: '7', methods: ['rlm', 'vanilla'] };
    const config = configOf(flags);
    const whole = await runBench({ config });
    const files = [0, 1].map((i) => path.join(dir, `s${i}.jsonl`));
    await runBench({ config, shard: parseShard('0/2'), resultsFile: files[0] });
    const part = await runBench({ config, shard: parseShard('1/2'), resultsFile: files[1] });
    expect(part.record.trials.length).toBe(whole.record.trials.length / 2);
    // Resumable: a second start of a finished shard runs nothing.
    expect((await runBench({ config, shard: parseShard('1/2'), resultsFile: files[1] })).ran).toBe(0);
    const merged = mergeShards(await Promise.all(files.map(async (f) => ({ name: f, file: await readShardFile(f) }))));
    expect(merged.missing).toEqual([]);
    expect(outcome(merged.record)).toEqual(outcome(whole.record));
    const cli = await runCli(['bench', 'merge', files[0], '--json']);
    expect(cli.code).toBe(3);
    expect(cli.stderr).toMatch(/6 trials are missing: niah\|100\|0\|vanilla\|0/);
    const both = await runCli(['bench', 'merge', ...files, files[0]]);
    expect(both.code).toBe(0);
    expect(both.stderr).toMatch(/6 duplicate trials dropped/);
    expect(both.stdout).toMatch(/bench-good\s+ollama\s+100 %/);
  });
});

describe('--shard', () => {
  it('reads a Kubernetes Indexed Job, a Slurm array and CI matrices', () => {
    expect(autoShard({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '4' })).toEqual({ index: 2, count: 4 });
    expect(autoShard({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 4, count: 8 });
    expect(autoShard({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '3' })).toEqual({ index: 0, count: 3 });
    expect(() => autoShard({})).toThrow(/found no shard/);
    expect(() => autoShard({ JOB_COMPLETION_INDEX: '0' })).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => parseShard('2/2')).toThrow(/from 0 to 1/);
  });
});

describe("the seed's model flags", () => {
  it('defaults, inline hosts, --ollama-host, clouds from keys, --cloud and a router base URL', async () => {
    const { benchModels } = await import('./models');
    expect(benchModels({}, {})).toEqual([{ provider: 'ollama', model: 'qwen3:0.6b', hosts: [] }, { provider: 'ollama', model: 'qwen3:1.7b', hosts: [] }]);
    expect(benchModels({ local: false, ollama: ['http://gpu:11434/qwen3:72b', 'llama3.1:8b'], ollamaHost: 'http://box:11434' }, {})).toEqual([
      { provider: 'ollama', model: 'qwen3:72b', hosts: ['http://gpu:11434'] },
      { provider: 'ollama', model: 'llama3.1:8b', hosts: ['http://box:11434'] },
    ]);
    expect(benchModels({ local: false }, { GROQ_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' }).map((m) => m.model)).toEqual(['claude-haiku-3-5-latest', 'llama-3.1-8b-instant']);
    expect(benchModels({ local: false, cloudAuto: false }, { GROQ_API_KEY: 'k' })).toEqual([]);
    expect(benchModels({ local: false, cloud: ['openai:qwen3-4b'], openaiBaseUrl: 'http://router:4000/v1' }, {})).toEqual([{ provider: 'openai', model: 'qwen3-4b', hosts: ['http://router:4000/v1'] }]);
    expect(() => benchModels({ cloud: ['nope'] }, {})).toThrow(/provider:model/);
  });
});
