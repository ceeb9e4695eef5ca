/** OpenAI-compatible endpoints our users already know, with their base URLs. */

export type OpenAIPresetId =
  | 'openai'
  | 'together'
  | 'groq'
  | 'fireworks'
  | 'openrouter'
  | 'gemini'
  | 'vllm'
  | 'llamacpp'
  | 'lmstudio'
  | 'custom';

export interface OpenAIPreset {
  id: OpenAIPresetId;
  label: string;
  baseURL: string;
  /** Local servers take any key; cloud ones need the user's. */
  needsKey: boolean;
  /** Where to get a key, shown next to the key field. */
  keyUrl?: string;
  /** A model to preselect when the list is long or unavailable. */
  exampleModel?: string;
  /** OpenAI's newer models refuse `max_tokens`; most compatible servers only know it. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** How to make this server accept requests from the page, for CORS errors. */
  corsHint?: string;
  /** Extra body fields per think mode (servers differ; only where we know the knob). */
  thinkParams?: { on?: Record<string, unknown>; off?: Record<string, unknown> };
}

// vLLM and llama.cpp render Qwen3-style templates with this switch.
const TEMPLATE_THINK = {
  on: { chat_template_kwargs: { enable_thinking: true } },
  off: { chat_template_kwargs: { enable_thinking: false } },
};

export const OPENAI_PRESETS: Readonly<Record<OpenAIPresetId, OpenAIPreset>> = {
  openai: {
    id: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    needsKey: true,
    keyUrl: 'https://platform.openai.com/api-keys',
    exampleModel: 'gpt-4o-mini',
    maxTokensParam: 'max_completion_tokens',
  },
  together: {
    id: 'together',
    label: 'Together AI',
    baseURL: 'https://api.together.xyz/v1',
    needsKey: true,
    keyUrl: 'https://api.together.ai/settings/api-keys',
    exampleModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    maxTokensParam: 'max_tokens',
  },
  groq: {
    id: 'groq',
    label: 'Groq',
    baseURL: 'https://api.groq.com/openai/v1',
    needsKey: true,
    keyUrl: 'https://console.groq.com/keys',
    exampleModel: 'llama-3.1-8b-instant',
    maxTokensParam: 'max_tokens',
  },
  fireworks: {
    id: 'fireworks',
    label: 'Fireworks',
    baseURL: 'https://api.fireworks.ai/inference/v1',
    needsKey: true,
    keyUrl: 'https://fireworks.ai/account/api-keys',
    exampleModel: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    maxTokensParam: 'max_tokens',
  },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    needsKey: true,
    keyUrl: 'https://openrouter.ai/keys',
    exampleModel: 'mistralai/mistral-7b-instruct',
    maxTokensParam: 'max_tokens',
    thinkParams: { on: { reasoning: { enabled: true } }, off: { reasoning: { enabled: false } } },
  },
  gemini: {
    id: 'gemini',
    label: 'Google Gemini (OpenAI-compatible)',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
    needsKey: true,
    keyUrl: 'https://aistudio.google.com/apikey',
    exampleModel: 'gemini-2.5-flash',
    maxTokensParam: 'max_tokens',
  },
  vllm: {
    id: 'vllm',
    label: 'vLLM',
    baseURL: 'http://localhost:8000/v1',
    needsKey: false,
    maxTokensParam: 'max_tokens',
    corsHint: 'start vLLM with --allowed-origins \'["<origin>"]\'',
    thinkParams: TEMPLATE_THINK,
  },
  llamacpp: {
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseURL: 'http://localhost:8080/v1',
    needsKey: false,
    maxTokensParam: 'max_tokens',
    corsHint: 'llama-server allows any origin by default; check --host/--port and any proxy in front of it',
    thinkParams: TEMPLATE_THINK,
  },
  lmstudio: {
    id: 'lmstudio',
    label: 'LM Studio',
    baseURL: 'http://localhost:1234/v1',
    needsKey: false,
    maxTokensParam: 'max_tokens',
    corsHint: 'turn on "Enable CORS" in LM Studio’s Developer → server settings, or run `lms server start --cors`',
  },
  custom: {
    id: 'custom',
    label: 'Custom OpenAI-compatible',
    baseURL: 'http://localhost:8000/v1',
    needsKey: false,
    maxTokensParam: 'max_tokens',
  },
};

export function getPreset(id: OpenAIPresetId | string | undefined): OpenAIPreset {
  return OPENAI_PRESETS[(id ?? 'custom') as OpenAIPresetId] ?? OPENAI_PRESETS.custom;
}
