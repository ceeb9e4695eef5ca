/** The model, provider, engine and budget flags `ask`, `chat` and `serve` share (the seed's names first). */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EngineSettings } from '../../core/settings';
import type { ProviderKind } from '../../core/types';
import { OPENAI_PRESETS, type OpenAIPresetId } from '../../providers/presets';
import type { RLMOptions } from '../rlm';

export interface ModelFlags {
  model: string;
  subModel?: string;
  provider?: ProviderKind;
  preset?: string;
  host?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  maxIterations?: number;
  numCtx?: number;
  temperature?: number;
  think?: boolean;
  strategy?: EngineSettings['strategy'];
  blockTimeout?: number;
  callTimeout?: number;
  maxDepth?: number;
  maxSubcalls?: number;
  maxTokens?: number;
  maxCost?: number;
  maxWall?: number;
  maxErrors?: number;
}

const int = (name: string, min: number) => (raw: string) => {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}.`);
  return n;
};
const num = (name: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0.`);
  return n;
};

export function addModelFlags(cmd: Command): Command {
  return cmd
    .option('-m, --model <name>', 'root model', 'llama3.1:8b')
    .option('-r, --sub-model <name>', 'model for llm_query() inside the REPL (default: the root model)')
    .addOption(new Option('--recursive-model <name>', "the seed's name for --sub-model").hideHelp())
    .addOption(new Option('--provider <kind>', 'ollama, openai (any OpenAI-compatible server) or anthropic').choices(['ollama', 'openai', 'anthropic']))
    .addOption(new Option('--preset <id>', 'OpenAI-compatible service (sets base URL and key variable)').choices(Object.keys(OPENAI_PRESETS)))
    .option('--host <url>', 'Ollama server address', 'localhost:11434')
    .option('--base-url <url>', 'OpenAI-compatible or Anthropic base URL (implies --provider openai)')
    .option('--api-key-env <VAR>', 'environment variable holding the API key (default: OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY… by provider)')
    .option('--max-iterations <n>', 'cap on root-model turns per question (15)', int('--max-iterations', 1))
    .option('--num-ctx <tokens>', 'context window passed to Ollama (131072)', int('--num-ctx', 256))
    .option('--temperature <t>', 'sampling temperature (0.6)', num('--temperature'))
    .option('--think', 'enable thinking (qwen3, deepseek-r1, …)')
    .option('--no-think', 'disable thinking (default: the model decides)')
    .addOption(new Option('--strategy <name>', 'system prompt: official, final or profile').choices(['official', 'final', 'profile']))
    .option('--block-timeout <s>', 'time limit of one code block, seconds (60)', num('--block-timeout'))
    .option('--call-timeout <s>', 'per model call: wait for the first token, seconds', num('--call-timeout'))
    .option('--max-depth <n>', 'recursion depth; 1 = rlm_query answers as llm_query (1)', int('--max-depth', 1))
    .option('--max-subcalls <n>', 'budget: sub-calls in the whole run tree', int('--max-subcalls', 0))
    .option('--max-tokens <n>', 'budget: tokens in and out, whole tree', int('--max-tokens', 1))
    .option('--max-cost <usd>', 'budget: USD, whole tree', num('--max-cost'))
    .option('--max-wall <s>', 'budget: wall time, seconds', num('--max-wall'))
    .option('--max-errors <n>', 'budget: consecutive failing iterations', int('--max-errors', 1));
}

export function rlmOptions(f: ModelFlags & { recursiveModel?: string }): RLMOptions {
  const provider: ProviderKind = f.provider ?? (f.baseUrl || f.preset ? 'openai' : 'ollama');
  const settings: Partial<EngineSettings> = {
    ...(f.maxIterations !== undefined ? { maxIterations: f.maxIterations } : {}),
    ...(f.numCtx !== undefined ? { numCtx: f.numCtx } : {}),
    ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
    ...(f.think !== undefined ? { think: f.think ? 'on' : 'off' } : {}),
    ...(f.blockTimeout !== undefined ? { blockTimeoutMs: f.blockTimeout * 1000 } : {}),
    ...(f.maxDepth !== undefined ? { maxDepth: f.maxDepth } : {}),
    ...(f.maxSubcalls !== undefined ? { maxSubcalls: f.maxSubcalls } : {}),
    ...(f.maxTokens !== undefined ? { maxTokens: f.maxTokens } : {}),
    ...(f.maxCost !== undefined ? { maxCostUsd: f.maxCost } : {}),
    ...(f.maxWall !== undefined ? { maxWallMs: f.maxWall * 1000 } : {}),
    ...(f.maxErrors !== undefined ? { maxErrors: f.maxErrors } : {}),
  };
  return {
    model: f.model,
    subModel: f.subModel ?? f.recursiveModel,
    provider,
    host: f.host,
    ...(f.baseUrl ? { baseURL: f.baseUrl } : {}),
    ...(f.preset ? { preset: f.preset as OpenAIPresetId } : {}),
    ...(f.apiKeyEnv ? { keyEnv: f.apiKeyEnv } : {}),
    ...(f.callTimeout !== undefined ? { callTimeoutMs: f.callTimeout * 1000 } : {}),
    settings,
    ...(f.strategy ? { strategy: f.strategy } : {}),
  };
}
