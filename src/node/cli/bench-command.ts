/** `rlm-studio bench …` and `rlm-studio bench merge …`: the seed's flags, the benchmark tab's tasks and exports. */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG, validateConfig } from '../../bench/config';
import { toCsv, toJson, toMarkdown } from '../../bench/exportResults';
import { TASK_IDS } from '../../bench/tasks/ids';
import type { BenchRecord } from '../../bench/types';
import type { EngineSettings } from '../../core/settings';
import { benchModels, type ModelFlags } from '../bench/models';
import { runBench } from '../bench/run';
import { mergeShards, parseShard, readShardFile } from '../bench/shard';
import { boxTable, summaryRows } from '../bench/table';
import { EXIT } from './exit';

/** The model flags are the bench model resolver's own (ModelFlags); the rest are this command's. */
interface BenchFlags extends ModelFlags {
  lines?: string[];
  sizes?: string[];
  trials?: string;
  seed?: string;
  tasks?: string[];
  methods?: string[];
  position?: string;
  perHost?: string;
  sandboxes?: string;
  maxIterations?: string;
  numCtx?: string;
  temperature?: string;
  think?: boolean;
  strategy?: EngineSettings['strategy'];
  blockTimeout?: string;
  shard?: string;
  results?: string;
  json?: boolean;
  out?: string;
  csv?: string;
  md?: string;
  quiet?: boolean;
}

interface OutputFlags {
  json?: boolean;
  out?: string;
  csv?: string;
  md?: string;
}

const nums = (xs: string[] | undefined) => xs?.flatMap((x) => x.split(',')).map((x) => Number(x.replace(/_/g, '')));
const n = (x: string | undefined) => (x === undefined ? undefined : Number(x));

function engineOf(f: BenchFlags): Partial<EngineSettings> {
  const e: Partial<EngineSettings> = {};
  if (f.maxIterations) e.maxIterations = Number(f.maxIterations);
  if (f.numCtx) e.numCtx = Number(f.numCtx);
  if (f.temperature) e.temperature = Number(f.temperature);
  if (f.think !== undefined) e.think = f.think ? 'on' : 'off';
  if (f.strategy) e.strategy = f.strategy;
  if (f.blockTimeout) e.blockTimeoutMs = Number(f.blockTimeout) * 1000;
  return e;
}

export function configOf(f: BenchFlags) {
  const models = benchModels(f);
  if (!models.length) throw new Error('No models to benchmark: --no-local without --ollama or --cloud, and no cloud key in the environment.');
  const raw = {
    tasks: f.tasks?.flatMap((t) => t.split(',')) ?? DEFAULT_CONFIG.tasks,
    lines: nums(f.lines), sizes: nums(f.sizes), position: f.position, trials: n(f.trials), seed: n(f.seed),
    methods: f.methods?.flatMap((m) => m.split(',')), perHost: n(f.perHost), models, engine: engineOf(f),
  };
  const r = validateConfig(JSON.parse(JSON.stringify(raw)));
  if (!r.ok) throw new Error(r.message.replace(/^Configuration: /, ''));
  return f.sandboxes ? { ...r.config, sandboxes: Number(f.sandboxes) } : r.config;
}

async function report(rec: BenchRecord, f: OutputFlags): Promise<void> {
  if (f.out) await writeFile(f.out, toJson(rec));
  if (f.csv) await writeFile(f.csv, toCsv(rec));
  if (f.md) await writeFile(f.md, toMarkdown(rec));
  process.stdout.write(f.json ? JSON.stringify(summaryRows(rec), null, 1) + '\n' : boxTable(rec));
}

async function bench(f: BenchFlags): Promise<number> {
  const config = configOf(f);
  const shard = f.shard ? parseShard(f.shard) : null;
  const resultsFile = f.results ?? (shard ? `bench-shard-${shard.index}-of-${shard.count}.jsonl` : undefined);
  const ctrl = new AbortController();
  const stop = () => ctrl.abort();
  process.once('SIGINT', stop);
  const tty = !f.quiet && process.stderr.isTTY === true;
  try {
    const { record } = await runBench({
      config, shard, resultsFile, signal: ctrl.signal,
      onTrial: (t, done, total) => {
        const line = `trial ${done}/${total}: ${t.key} ${t.status}${t.score ? (t.score.correct ? ' correct' : ' wrong') : ''}${t.error ? ` (${t.error})` : ''}`;
        if (tty) process.stderr.write(`\r\x1b[2K${line}`);
        else if (!f.quiet) process.stderr.write(line + '\n');
      },
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    if (resultsFile) process.stderr.write(`Trials appended to ${resultsFile}.\n`);
    await report(record, f);
    return record.status === 'done' ? EXIT.answered : EXIT.stopped;
  } finally {
    process.off('SIGINT', stop);
  }
}

async function merge(files: string[], f: OutputFlags): Promise<number> {
  const read = await Promise.all(files.map(async (name) => ({ name, file: await readShardFile(name) })));
  const { record, missing, duplicates } = mergeShards(read);
  if (duplicates) process.stderr.write(`${duplicates} duplicate trial${duplicates === 1 ? '' : 's'} dropped (the first result of each key is kept).\n`);
  if (missing.length) process.stderr.write(`${missing.length} trial${missing.length === 1 ? ' is' : 's are'} missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}\n`);
  await report(record, f);
  return missing.length ? EXIT.budget : EXIT.answered;
}

const outputs = (c: Command) =>
  c
    .option('--json', 'print the summary rows as JSON instead of the table')
    .option('--out <file>', "write the results JSON (imports into the benchmark tab unchanged)")
    .option('--csv <file>', 'write the summary CSV')
    .option('--md <file>', 'write the Markdown table');

export function registerBench(program: Command, done: (code: number) => void): void {
  const b = program
    .command('bench')
    .description("benchmark models (the seed's benchmark_models.py flags, and every task of the benchmark tab)")
    .option('--lines <n...>', `NIAH haystack lines (${DEFAULT_CONFIG.lines[0]})`)
    .option('--trials <n>', `trials per cell (${DEFAULT_CONFIG.trials})`)
    .option('--seed <n>', `seed (${DEFAULT_CONFIG.seed})`)
    .option('--ollama <models...>', 'extra Ollama models: NAME or http://host:port/NAME')
    .option('--ollama-host <url>', 'Ollama host for every --ollama model (and the defaults) without their own')
    .option('--cloud <provider:model...>', 'cloud models, e.g. openai:gpt-4o anthropic:claude-opus-4-5 groq:llama-3.1-70b-versatile')
    .option('--openai-base-url <url>', 'OpenAI-compatible router for the --cloud openai:MODEL models (e.g. LiteLLM); key from OPENAI_API_KEY')
    .option('--no-local', 'skip the default local models (qwen3:0.6b, qwen3:1.7b)')
    .option('--no-cloud-auto', 'do not add clouds whose API key is in the environment')
    .option('--tasks <ids...>', `tasks: ${TASK_IDS.join(', ')} (niah)`)
    .option('--methods <m...>', 'rlm, rlm-no-sub, vanilla (rlm)')
    .option('--sizes <chars...>', 'context sizes in characters for the size-based tasks (50000)')
    .addOption(new Option('--position <where>', 'needle position').choices(['start', 'middle', 'end', 'random']))
    .option('--per-host <n>', 'trials at once per host (1)')
    .option('--sandboxes <n>', 'Python sandboxes (4)')
    .option('--max-iterations <n>', 'engine: root turns per trial')
    .option('--num-ctx <tokens>', 'engine: Ollama context window')
    .option('--temperature <t>', 'engine: temperature')
    .option('--think', 'engine: thinking on')
    .option('--no-think', 'engine: thinking off')
    .addOption(new Option('--strategy <name>', 'engine: system prompt').choices(['official', 'final', 'profile']))
    .option('--block-timeout <s>', 'engine: time limit of one code block, seconds')
    .option('--shard <i/n|auto>', 'run only slice i of n (0-based), or read it from JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, CI_NODE_INDEX…')
    .option('--results <file.jsonl>', 'append each finished trial here; trials already in it are skipped (default for --shard: bench-shard-I-of-N.jsonl)')
    .option('-q, --quiet', 'no progress on stderr');
  outputs(b).action(async (flags: BenchFlags) => done(await bench(flags)));
  outputs(
    b.command('merge')
      .description('join shard files (checks the configs match, drops duplicates, names missing trials)')
      .argument('<files...>', 'shard JSONL files'),
  ).action(async (files: string[], flags: OutputFlags) => done(await merge(files, flags)));
}
