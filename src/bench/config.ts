/**
 * A benchmark configuration from and to the URL, checked when loaded from JSON, and the two one-click presets
 * that reproduce the seeds. URL: `/?tab=bench&tasks=niah&lines=1000&trials=3&seed=42&methods=rlm,vanilla`
 * plus one `m=PROVIDER,MODEL,HOST[,HOST…]` per model (several hosts = one pool).
 */
import * as v from 'valibot';
import { describeIssue } from '../core/schema-issues';
import { TASK_IDS } from './tasks/ids';
import type { BenchConfig, BenchMethod, BenchModel, NeedlePosition, TaskId } from './types';

export const DEFAULT_CONFIG: BenchConfig = {
  tasks: ['niah'],
  lines: [10_000],
  sizes: [50_000],
  position: 'random',
  trials: 3,
  seed: 42,
  methods: ['rlm'],
  models: [],
  perHost: 1,
  engine: {},
};

const ALL_TASKS = [...TASK_IDS, 'custom'] as const;
const METHODS = ['rlm', 'rlm-no-sub', 'vanilla'] as const;
const POSITIONS = ['start', 'middle', 'end', 'random'] as const;
const PROVIDERS = ['ollama', 'openai', 'anthropic', 'inpage'] as const;
const METHOD_ALIASES: Record<string, BenchMethod> = { rlm: 'rlm', 'rlm-no-sub': 'rlm-no-sub', nosub: 'rlm-no-sub', 'no-sub': 'rlm-no-sub', vanilla: 'vanilla' };
export const MAX_SIZE_CHARS = 10_000_000;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const list = <S extends v.GenericSchema>(s: S, def: v.InferOutput<S>[]) => v.optional(v.pipe(v.array(s), v.minLength(1)), () => [...def]);

const caseSchema = v.object({
  task: v.literal('custom'),
  caseId: v.string(),
  question: v.string(),
  context: v.string(),
  expected: v.string(),
  scorer: v.picklist(['exact', 'number', 'contains', 'oolong', 'set-f1', 'multi-needle']),
  meta: v.optional(v.record(v.string(), v.unknown())),
});

const configSchema = v.object({
  tasks: list(v.picklist(ALL_TASKS), DEFAULT_CONFIG.tasks),
  lines: list(int(10, 10_000_000), DEFAULT_CONFIG.lines),
  sizes: list(int(1_000, MAX_SIZE_CHARS), DEFAULT_CONFIG.sizes),
  position: v.optional(v.picklist(POSITIONS), DEFAULT_CONFIG.position),
  trials: v.optional(int(1, 1000), DEFAULT_CONFIG.trials),
  seed: v.optional(int(0, 2 ** 32 - 1), DEFAULT_CONFIG.seed),
  methods: list(v.picklist(METHODS), DEFAULT_CONFIG.methods),
  models: v.optional(
    v.array(v.object({ provider: v.picklist(PROVIDERS), model: v.pipe(v.string(), v.minLength(1)), hosts: v.optional(v.array(v.string()), () => []) })),
    () => [],
  ),
  perHost: v.optional(int(1, 64), DEFAULT_CONFIG.perHost),
  engine: v.optional(v.record(v.string(), v.unknown()), () => ({})),
  custom: v.optional(v.object({ name: v.string(), cases: v.pipe(v.array(caseSchema), v.minLength(1)) })),
});

export type ConfigResult = { ok: true; config: BenchConfig } | { ok: false; message: string };

/** A saved config (text or parsed JSON): missing fields take defaults, a wrong one is named with what it must be. */
export function validateConfig(json: unknown): ConfigResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (err) {
      return { ok: false, message: `The configuration is not valid JSON (${(err as Error).message}).` };
    }
  }
  const r = v.safeParse(configSchema, input);
  if (!r.success) return { ok: false, message: `Configuration: ${describeIssue(r.issues[0])}.` };
  const config = r.output as BenchConfig;
  if (config.tasks.includes('custom') && !config.custom) {
    return { ok: false, message: 'Configuration: `tasks` includes "custom" but `custom` has no cases; drop a JSONL case file or remove "custom".' };
  }
  return { ok: true, config };
}

const BENCH_KEYS = ['tasks', 'lines', 'sizes', 'position', 'trials', 'seed', 'methods', 'm', 'perHost'];

export interface UrlConfig {
  config: BenchConfig;
  /** Values that were ignored, as sentences; the rest of the URL still applies. */
  problems: string[];
}

const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

function ints(key: string, raw: string, min: number, max: number, problems: string[]): number[] | null {
  const xs = splitList(raw).map((x) => Number(x.replace(/_/g, '')));
  const bad = xs.find((x) => !Number.isInteger(x) || x < min || x > max);
  if (bad !== undefined || !xs.length) {
    problems.push(`\`${key}=${raw}\` must be whole numbers from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, comma separated; ignored.`);
    return null;
  }
  return xs;
}

function picks<T extends string>(key: string, raw: string, map: Record<string, T>, problems: string[]): T[] | null {
  const xs = splitList(raw);
  const bad = xs.filter((x) => !(x.toLowerCase() in map));
  if (bad.length || !xs.length) {
    problems.push(`\`${key}\`: ${bad.length ? `"${bad.join('", "')}"` : 'nothing'} is not one of ${Object.keys(map).join(', ')}; ignored.`);
    return null;
  }
  return [...new Set(xs.map((x) => map[x.toLowerCase()]))];
}

function modelParam(raw: string, problems: string[]): BenchModel | null {
  const [provider, model, ...hosts] = raw.split(',').map((x) => x.trim());
  if (!(PROVIDERS as readonly string[]).includes(provider) || !model) {
    problems.push(`\`m=${raw}\` must be PROVIDER,MODEL[,HOST…] with PROVIDER one of ${PROVIDERS.join(', ')}; ignored.`);
    return null;
  }
  return { provider: provider as BenchModel['provider'], model, hosts: hosts.filter(Boolean) };
}

const identity = <T extends string>(xs: readonly T[]) => Object.fromEntries(xs.map((x) => [x, x])) as Record<string, T>;

/** The bench config a URL describes (defaults for what it leaves out), or null when it carries none. */
export function configFromUrl(search: string): UrlConfig | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  if (!BENCH_KEYS.some((k) => q.has(k))) return null;
  const problems: string[] = [];
  const c: BenchConfig = structuredClone(DEFAULT_CONFIG);
  const get = (k: string) => q.get(k);
  if (get('tasks') !== null) c.tasks = picks<TaskId>('tasks', get('tasks')!, identity(TASK_IDS), problems) ?? c.tasks;
  if (get('lines') !== null) c.lines = ints('lines', get('lines')!, 10, 10_000_000, problems) ?? c.lines;
  if (get('sizes') !== null) c.sizes = ints('sizes', get('sizes')!, 1_000, MAX_SIZE_CHARS, problems) ?? c.sizes;
  if (get('trials') !== null) c.trials = ints('trials', get('trials')!, 1, 1000, problems)?.[0] ?? c.trials;
  if (get('seed') !== null) c.seed = ints('seed', get('seed')!, 0, 2 ** 32 - 1, problems)?.[0] ?? c.seed;
  if (get('perHost') !== null) c.perHost = ints('perHost', get('perHost')!, 1, 64, problems)?.[0] ?? c.perHost;
  if (get('methods') !== null) c.methods = picks('methods', get('methods')!, METHOD_ALIASES, problems) ?? c.methods;
  const pos = get('position');
  if (pos !== null) {
    if ((POSITIONS as readonly string[]).includes(pos)) c.position = pos as NeedlePosition;
    else problems.push(`\`position=${pos}\` is not one of ${POSITIONS.join(', ')}; ignored.`);
  }
  c.models = q.getAll('m').flatMap((raw) => modelParam(raw, problems) ?? []);
  return { config: c, problems };
}

/** The URL search (with `?tab=bench`) that configFromUrl reads back to the same config; custom cases do not travel. */
export function configToUrl(cfg: BenchConfig): string {
  const q = new URLSearchParams();
  q.set('tab', 'bench');
  const tasks = cfg.tasks.filter((t) => t !== 'custom');
  if (tasks.length) q.set('tasks', tasks.join(','));
  q.set('lines', cfg.lines.join(','));
  q.set('sizes', cfg.sizes.join(','));
  q.set('position', cfg.position);
  q.set('trials', String(cfg.trials));
  q.set('seed', String(cfg.seed));
  q.set('methods', cfg.methods.join(','));
  if (cfg.perHost !== DEFAULT_CONFIG.perHost) q.set('perHost', String(cfg.perHost));
  for (const m of cfg.models) q.append('m', [m.provider, m.model, ...m.hosts].join(','));
  // Commas and colons stay readable: they are legal in a query and model names are full of them.
  return '?' + q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

export interface Preset {
  id: 'rlm-ollama-niah' | 'minrlm';
  name: string;
  description: string;
  /** A config offering `available` models; `config.models` holds the pre-ticked ones. */
  build(available: BenchModel[]): BenchConfig;
}

/** The seed's default models, matched with or without a quantisation tag (qwen3:0.6b-q4_K_M). */
const SEED_DEFAULTS = ['qwen3:0.6b', 'qwen3:1.7b'];
const isSeedDefault = (m: BenchModel) => SEED_DEFAULTS.some((d) => m.model === d || m.model.startsWith(`${d}-`));

export const PRESETS: Preset[] = [
  {
    id: 'rlm-ollama-niah',
    name: 'RLM-Ollama NIAH',
    description: "The seed's table: NIAH over 10,000 lines, 3 trials, seed 42, RLM; qwen3:0.6b and qwen3:1.7b ticked when present.",
    build: (available) => ({
      ...structuredClone(DEFAULT_CONFIG),
      tasks: ['niah'],
      lines: [10_000],
      trials: 3,
      seed: 42,
      methods: ['rlm'],
      models: available.filter(isSeedDefault).map((m) => structuredClone(m)),
    }),
  },
  {
    id: 'minrlm',
    name: 'minRLM RLM vs vanilla',
    description: "minRLM's comparison: S-NIAH, multi-needle, pairs, JSON aggregation, OOLONG-style and code QA at 50 K chars, RLM and one-shot.",
    build: (available) => ({
      ...structuredClone(DEFAULT_CONFIG),
      tasks: ['sniah', 'multi-needle', 'oolong-pairs', 'json-agg', 'oolong', 'code-qa'],
      sizes: [50_000],
      position: 'random',
      trials: 5,
      seed: 42,
      methods: ['rlm', 'vanilla'],
      models: available.slice(0, 1).map((m) => structuredClone(m)),
    }),
  },
];
