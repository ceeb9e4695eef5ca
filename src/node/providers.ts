/**
 * Provider options of the library and CLI → the app's own ChatProviders (src/providers). Keys come from the
 * environment, never from a command line (it would land in shell history and `ps`).
 */
import { createProvider, type OpenAIPresetId, type ProviderConfig } from '../providers';
import type { ChatProvider, ProviderKind } from '../core/types';

export interface ProviderOptions {
  /** Default 'ollama'. */
  provider?: ProviderKind;
  /** Ollama server (a bare `gpu-box` means http://gpu-box:11434, as for `ollama` itself). */
  host?: string;
  /** OpenAI-compatible preset (openai, groq, together, fireworks, openrouter, vllm, …); default 'custom' with a baseURL. */
  preset?: OpenAIPresetId;
  /** OpenAI-compatible or Anthropic base URL. */
  baseURL?: string;
  /** Default: from the environment (keyEnv, else the preset's usual variable). */
  apiKey?: string;
  /** The environment variable holding the key. */
  keyEnv?: string;
  /** Per call: how long to wait for the first token. */
  callTimeoutMs?: number;
}

const PRESET_ENV: Partial<Record<OpenAIPresetId, string>> = {
  openai: 'OPENAI_API_KEY', together: 'TOGETHER_API_KEY', groq: 'GROQ_API_KEY', fireworks: 'FIREWORKS_API_KEY',
  openrouter: 'OPENROUTER_API_KEY', gemini: 'GEMINI_API_KEY',
};

/** The variable a provider's key is read from when none is named. */
export function keyEnvFor(o: ProviderOptions): string {
  if (o.keyEnv) return o.keyEnv;
  if (o.provider === 'anthropic') return 'ANTHROPIC_API_KEY';
  return PRESET_ENV[presetOf(o)] ?? 'OPENAI_API_KEY';
}

function presetOf(o: ProviderOptions): OpenAIPresetId {
  if (o.preset) return o.preset;
  return o.baseURL ? 'custom' : 'openai';
}

export function providerConfig(o: ProviderOptions, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const callTimeoutMs = o.callTimeoutMs;
  const kind = o.provider ?? 'ollama';
  if (kind === 'ollama') return { kind, host: o.host, callTimeoutMs };
  const apiKey = o.apiKey ?? env[keyEnvFor(o)] ?? '';
  if (kind === 'anthropic') return { kind, apiKey, baseURL: o.baseURL, callTimeoutMs };
  const preset = presetOf(o);
  return { kind, preset, baseURL: o.baseURL, apiKey: apiKey || undefined, callTimeoutMs };
}

export function makeProvider(o: ProviderOptions, env?: NodeJS.ProcessEnv): ChatProvider {
  // Node has no page origin: the CORS advice the browser gets does not apply.
  return createProvider(providerConfig(o, env), { origin: 'http://localhost' });
}
