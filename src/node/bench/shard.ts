/**
 * Scale-out on existing engines: `--shard i/n` runs a deterministic slice of the matrix, appending each finished trial
 * to a JSONL file (resumable); `bench merge` joins the files back into one benchmark record.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { expandMatrix } from '../../bench/matrix';
import type { BenchConfig, BenchRecord, TrialResult, TrialSpec } from '../../bench/types';

export interface Shard {
  index: number;
  count: number;
}

export const SHARD_FORMAT = 'rlm-studio-bench-shard';

export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  version: 1;
  /** One id for every shard of a run (from the config), so a merged record has a stable id. */
  benchId: string;
  createdAt: number;
  appVersion: string;
  config: BenchConfig;
  prompts?: BenchRecord['prompts'];
  shard: Shard;
}

export function parseShard(raw: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (raw === 'auto') return autoShard(env);
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m) throw new Error(`--shard ${raw}: expected i/n (e.g. 0/4, counting from 0) or auto.`);
  return checked(Number(m[1]), Number(m[2]), `--shard ${raw}`);
}

function checked(index: number, count: number, what: string): Shard {
  if (!(count >= 1) || !(index >= 0) || index >= count) throw new Error(`${what}: the index must be from 0 to ${count - 1}.`);
  return { index, count };
}

/** Kubernetes Indexed Job, Slurm array, or a CI matrix (GitLab/CircleCI/Buildkite), or RLM_SHARD_INDEX/COUNT. */
export function autoShard(env: NodeJS.ProcessEnv): Shard {
  const n = (k: string) => (env[k] !== undefined && env[k] !== '' ? Number(env[k]) : undefined);
  const sources: [string, () => Shard | null][] = [
    ['RLM_SHARD_INDEX/RLM_SHARD_COUNT', () => (n('RLM_SHARD_INDEX') !== undefined ? { index: n('RLM_SHARD_INDEX')!, count: n('RLM_SHARD_COUNT') ?? NaN } : null)],
    // An Indexed Job sets the index; the count is the Job's `completions`, passed in by the manifest (examples/).
    ['JOB_COMPLETION_INDEX/JOB_COMPLETIONS', () => (n('JOB_COMPLETION_INDEX') !== undefined ? { index: n('JOB_COMPLETION_INDEX')!, count: n('JOB_COMPLETIONS') ?? NaN } : null)],
    ['SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT', () =>
      n('SLURM_ARRAY_TASK_ID') !== undefined ? { index: n('SLURM_ARRAY_TASK_ID')! - (n('SLURM_ARRAY_TASK_MIN') ?? 0), count: n('SLURM_ARRAY_TASK_COUNT') ?? NaN } : null],
    ['CI_NODE_INDEX/CI_NODE_TOTAL', () => (n('CI_NODE_INDEX') !== undefined ? { index: n('CI_NODE_INDEX')! - 1, count: n('CI_NODE_TOTAL') ?? NaN } : null)],
    ['CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL', () => (n('CIRCLE_NODE_INDEX') !== undefined ? { index: n('CIRCLE_NODE_INDEX')!, count: n('CIRCLE_NODE_TOTAL') ?? NaN } : null)],
    ['BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT', () =>
      n('BUILDKITE_PARALLEL_JOB') !== undefined ? { index: n('BUILDKITE_PARALLEL_JOB')!, count: n('BUILDKITE_PARALLEL_JOB_COUNT') ?? NaN } : null],
  ];
  for (const [name, read] of sources) {
    const s = read();
    if (s) return checked(s.index, s.count, `--shard auto (${name})`);
  }
  throw new Error(`--shard auto found no shard in the environment (one of ${sources.map(([k]) => k).join(', ')}).`);
}

/** Trial j of the matrix (its fixed order) belongs to shard j mod n: balanced, and the same slice on every machine. */
export function shardSpecs(cfg: BenchConfig, shard: Shard | null): TrialSpec[] {
  const all = expandMatrix(cfg);
  return shard ? all.filter((_, j) => j % shard.count === shard.index) : all;
}

/** Key order and whitespace do not make two configs different. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

export interface ShardFile {
  header: ShardHeader;
  trials: TrialResult[];
}

export async function readShardFile(file: string): Promise<ShardFile> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const out: TrialResult[] = [];
  let header: ShardHeader | null = null;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      // A shard killed mid-write leaves a torn last line: that trial simply runs again.
      if (i >= lines.length - 2) return;
      throw new Error(`${file}, line ${i + 1}: not JSON.`);
    }
    if (i === 0) {
      if ((o as { format?: string }).format !== SHARD_FORMAT) throw new Error(`${file} is not a bench shard file (its first line has no "format": "${SHARD_FORMAT}").`);
      header = o as ShardHeader;
    } else out.push(o as TrialResult);
  });
  if (!header) throw new Error(`${file} is empty.`);
  return { header, trials: out };
}

/** Opens (or starts) the append-only results file; an existing one must be of the same config. */
export async function openShardFile(file: string, header: ShardHeader): Promise<{ done: TrialResult[]; append(t: TrialResult): Promise<void> }> {
  let done: TrialResult[] = [];
  if (existsSync(file) && (await readFile(file, 'utf8')).trim()) {
    const prev = await readShardFile(file);
    if (canonical(prev.header.config) !== canonical(header.config)) {
      throw new Error(`${file} holds trials of another benchmark config; use another --results file or delete it.`);
    }
    done = prev.trials.filter((t) => t.status !== 'stopped');
  } else await writeFile(file, JSON.stringify(header) + '\n');
  return { done, append: (t) => appendFile(file, JSON.stringify(t) + '\n') };
}

export interface Merged {
  record: BenchRecord;
  /** Keys of the config's matrix that no file has. */
  missing: string[];
  duplicates: number;
}

/** Joins shard files of one config: refuses different configs, keeps one result per key, names what is missing. */
export function mergeShards(files: { name: string; file: ShardFile }[]): Merged {
  if (!files.length) throw new Error('bench merge needs at least one shard file.');
  const [first] = files;
  const want = canonical(first.file.header.config);
  for (const f of files.slice(1)) {
    if (canonical(f.file.header.config) !== want) throw new Error(`${f.name} was run with another config than ${first.name}; only shards of one benchmark merge.`);
  }
  const byKey = new Map<string, TrialResult>();
  let duplicates = 0;
  for (const { file } of files)
    for (const t of file.trials) {
      if (t.status === 'stopped') continue;
      if (byKey.has(t.key)) duplicates++;
      else byKey.set(t.key, t);
    }
  const cfg = first.file.header.config;
  const specs = expandMatrix(cfg);
  const trials = specs.flatMap((s) => byKey.get(s.key) ?? []);
  const missing = specs.filter((s) => !byKey.has(s.key)).map((s) => s.key);
  const h = first.file.header;
  const record: BenchRecord = {
    format: 'rlm-studio-bench', version: 1, id: h.benchId, createdAt: Math.min(...files.map((f) => f.file.header.createdAt)),
    appVersion: h.appVersion, config: cfg, status: missing.length ? 'paused' : 'done', ...(h.prompts ? { prompts: h.prompts } : {}), trials,
  };
  return { record, missing, duplicates };
}
