/**
 * The seed's model flags (benchmark_models.py) → the benchmark's models: default local qwen3:0.6b and qwen3:1.7b,
 * `--ollama MODEL…` or `http://host:port/MODEL`, `--ollama-host`, `--cloud provider:model…`, clouds detected from
 * their API key variables with the seed's default models, `--no-local`, `--no-cloud-auto`.
 */
import type { BenchModel } from '../../bench/types';
import { OPENAI_PRESETS, type OpenAIPresetId } from '../../providers/presets';

export const SEED_LOCAL_MODELS = ['qwen3:0.6b', 'qwen3:1.7b'];

/** The seed's table: environment variable → provider → default model. */
export const CLOUD_AUTO: { env: string; provider: string; model: string }[] = [
  { env: 'OPENAI_API_KEY', provider: 'openai', model: 'gpt-4o-mini' },
  { env: 'ANTHROPIC_API_KEY', provider: 'anthropic', model: 'claude-haiku-3-5-latest' },
  { env: 'TOGETHER_API_KEY', provider: 'together', model: 'meta-llama/Llama-3-8b-chat-hf' },
  { env: 'GROQ_API_KEY', provider: 'groq', model: 'llama-3.1-8b-instant' },
  { env: 'FIREWORKS_API_KEY', provider: 'fireworks', model: 'llama-3.1-8b-instruct' },
  { env: 'OPENROUTER_API_KEY', provider: 'openrouter', model: 'mistral-7b-instruct' },
];

export interface ModelFlags {
  ollama?: string[];
  ollamaHost?: string;
  cloud?: string[];
  local?: boolean;
  cloudAuto?: boolean;
  /** Base URL for `--cloud openai:MODEL` models (an OpenAI-compatible router such as LiteLLM). */
  openaiBaseUrl?: string;
}

/** `http://host:port/MODEL` → host and model; a bare name has no host of its own. */
export function splitOllama(spec: string): { model: string; host: string | null } {
  const m = /^(https?:\/\/[^/]+)\/(.+)$/.exec(spec.trim());
  return m ? { host: m[1], model: m[2] } : { host: null, model: spec.trim() };
}

/** `provider:model` (the model may contain colons and slashes); an OpenAI-compatible preset travels as its base URL. */
export function cloudModel(spec: string): BenchModel {
  const i = spec.indexOf(':');
  const provider = i > 0 ? spec.slice(0, i).toLowerCase() : '';
  const model = spec.slice(i + 1).trim();
  if (i <= 0 || !model) throw new Error(`--cloud ${spec}: expected provider:model, e.g. openai:gpt-4o-mini or groq:llama-3.1-8b-instant.`);
  if (provider === 'anthropic') return { provider: 'anthropic', model, hosts: [] };
  if (provider === 'ollama') return { provider: 'ollama', model, hosts: [] };
  const preset = OPENAI_PRESETS[provider as OpenAIPresetId];
  if (!preset) throw new Error(`--cloud ${spec}: unknown provider "${provider}" (one of anthropic, ollama, ${Object.keys(OPENAI_PRESETS).join(', ')}).`);
  return { provider: 'openai', model, hosts: provider === 'openai' ? [] : [preset.baseURL] };
}

export function benchModels(f: ModelFlags, env: NodeJS.ProcessEnv = process.env): BenchModel[] {
  const out: BenchModel[] = [];
  const ollama = (spec: string) => {
    const { model, host } = splitOllama(spec);
    const h = host ?? f.ollamaHost ?? '';
    out.push({ provider: 'ollama', model, hosts: h ? [h] : [] });
  };
  if (f.local !== false) SEED_LOCAL_MODELS.forEach(ollama);
  (f.ollama ?? []).forEach(ollama);
  if (f.cloudAuto !== false) for (const c of CLOUD_AUTO) if (env[c.env]) out.push(cloudModel(`${c.provider}:${c.model}`));
  for (const c of f.cloud ?? []) {
    const m = cloudModel(c);
    out.push(f.openaiBaseUrl && m.provider === 'openai' && !m.hosts.length ? { ...m, hosts: [f.openaiBaseUrl] } : m);
  }
  // The same model on the same host twice is one row, not two.
  const seen = new Set<string>();
  return out.filter((m) => {
    const k = `${m.provider} ${m.model} ${m.hosts.join(',')}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** The key variable of an OpenAI-compatible base URL (a preset's), for a model given as provider:model. */
export function presetOfUrl(url: string | undefined): OpenAIPresetId {
  if (!url) return 'openai';
  const p = Object.values(OPENAI_PRESETS).find((x) => x.baseURL === url && x.id !== 'custom' && x.id !== 'vllm' && x.id !== 'llamacpp' && x.id !== 'lmstudio');
  return p?.id ?? 'custom';
}
