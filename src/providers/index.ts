/**
 * The providers' public face: build a ChatProvider from a saved config, and
 * say in plain words where the user's data will go.
 */
import type { ChatProvider, ProviderKind } from '../core/types';
import { AnthropicProvider, ANTHROPIC_DEFAULT_BASE_URL } from './anthropic';
import { OLLAMA_DEFAULT_HOST } from './ollama';
import { OllamaHostsProvider } from './ollama-hosts';
import type { PullProgress } from './ollama-pull';
import { OpenAIProvider } from './openai';
import { InpageProvider, INPAGE_ENDPOINT } from './inpage';
import { getPreset, type OpenAIPresetId } from './presets';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { isLoopback, normalizeHost, trimSlash, withoutCredentials, type Fetch } from './util';

interface CommonConfig {
  /** Per call: how long to wait for the first token (and, at most, between two). */
  callTimeoutMs?: number;
}

export type ProviderConfig = CommonConfig &
  (
    | { kind: 'ollama'; host?: string; modelHosts?: Record<string, string> }
    | { kind: 'openai'; preset: OpenAIPresetId; baseURL?: string; apiKey?: string }
    | { kind: 'anthropic'; apiKey: string; baseURL?: string }
    | { kind: 'inpage' }
  );

export interface ProviderDeps {
  fetch?: Fetch;
  /** The page origin for CORS advice; defaults to location.origin. */
  origin?: string;
  retry?: Partial<RetryPolicy>;
}

/** The user's per-call timeout replaces the first-byte wait, and caps the between-parts wait. */
function timeouts(callTimeoutMs: number | undefined): Partial<RetryPolicy> {
  if (!callTimeoutMs || callTimeoutMs <= 0) return {};
  return { firstByteTimeoutMs: callTimeoutMs, idleTimeoutMs: Math.min(callTimeoutMs, DEFAULT_RETRY_POLICY.idleTimeoutMs) };
}

export function createProvider(config: ProviderConfig, baseDeps: ProviderDeps = {}): ChatProvider {
  const deps = { ...baseDeps, retry: { ...timeouts(config.callTimeoutMs), ...baseDeps.retry } };
  switch (config.kind) {
    case 'ollama':
      return new OllamaHostsProvider({ host: config.host, modelHosts: config.modelHosts, ...deps });
    case 'openai':
      return new OpenAIProvider({ preset: config.preset, baseURL: config.baseURL, apiKey: config.apiKey, ...deps });
    case 'anthropic':
      return new AnthropicProvider({ apiKey: config.apiKey, baseURL: config.baseURL, ...deps });
    case 'inpage':
      return new InpageProvider();
  }
}

export interface EndpointDescription {
  kind: ProviderKind;
  /** Base URL requests go to (never includes a key). */
  url: string;
  /** Host name, for compact display. */
  host: string;
  /** e.g. "Ollama", "Groq". */
  label: string;
  /** true when the server is on this machine (loopback). */
  local: boolean;
  /** One sentence for the "data will be sent to" notice. */
  notice: string;
}

/** Ollama can pull models from the page; the other providers cannot. */
export interface Pullable {
  pull(model: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void>;
}

export function canPull(p: ChatProvider): p is ChatProvider & Pullable {
  return typeof (p as Partial<Pullable>).pull === 'function';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    // keep the raw text: the notice must still say something
    return url;
  }
}

export function describeEndpoint(config: ProviderConfig): EndpointDescription {
  const { url, label } = endpointOf(config);
  // A model on another Ollama host sends data there too.
  const others = config.kind === 'ollama' ? Object.values(config.modelHosts ?? {}).map((h) => withoutCredentials(normalizeHost(h, OLLAMA_DEFAULT_HOST))) : [];
  if (config.kind === 'inpage') {
    const notice = 'Prompts, REPL output and sub-call prompts stay in this page: the model runs in your browser, nothing is sent anywhere.';
    return { kind: config.kind, url, host: url, label, local: true, notice };
  }
  const urls = Array.from(new Set([url, ...others]));
  const local = urls.every(isLoopback);
  const host = urls.map(hostOf).join(' and ');
  const notice = local
    ? `Prompts, REPL output and sub-call prompts (which may include parts of your data) go to ${label} on this machine (${host}).`
    : `Prompts, REPL output and sub-call prompts (which may include parts of your data) will be sent to ${label} at ${host}, outside this machine.`;
  return { kind: config.kind, url, host, label, local, notice };
}

function endpointOf(config: ProviderConfig): { url: string; label: string } {
  const r = rawEndpointOf(config);
  return { ...r, url: withoutCredentials(r.url) };
}

function rawEndpointOf(config: ProviderConfig): { url: string; label: string } {
  switch (config.kind) {
    case 'ollama':
      return { url: normalizeHost(config.host, OLLAMA_DEFAULT_HOST), label: 'Ollama' };
    case 'openai': {
      const preset = getPreset(config.preset);
      return { url: trimSlash(config.baseURL?.trim() || preset.baseURL), label: preset.label };
    }
    case 'anthropic':
      return { url: trimSlash(config.baseURL?.trim() || ANTHROPIC_DEFAULT_BASE_URL), label: 'Anthropic' };
    case 'inpage':
      return { url: INPAGE_ENDPOINT, label: 'the model in this page (nothing leaves the browser)' };
  }
}

export * from './errors';
export { OPENAI_PRESETS, getPreset, type OpenAIPresetId } from './presets';
export { OLLAMA_DEFAULT_HOST } from './ollama';
export { INPAGE_ENDPOINT, INPAGE_DEFAULT_N_CTX } from './inpage';
export type { PullProgress } from './ollama-pull';
