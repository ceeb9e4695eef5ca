import type { EngineSettings } from '../core/settings';
import type { ProviderKind } from '../core/types';
import type { PriceTable } from '../core/cost';

/**
 * What the user chose. API keys live only in `keys` (memory) and are never
 * written to localStorage, a URL or a trajectory.
 */
export interface OllamaSettings {
  /** The main server: listed first, and where models go unless picked from another host. */
  host: string;
  /** More Ollama servers whose models join the list (a GPU box on the LAN, say). */
  hosts: string[];
  /** Model name → the extra host it was picked from; calls for that model go there. */
  modelHosts: Record<string, string>;
}

export interface ProviderSettings {
  ollama: OllamaSettings;
  openai: { preset: string; baseURL: string };
  anthropic: { baseURL: string };
  /** The in-page model's context size, applied when a model is loaded. */
  inpage: { nCtx: number };
}

export interface Settings {
  providers: ProviderSettings;
  rootProvider: ProviderKind;
  rootModel: string;
  /** '' = the root model. */
  subProvider: ProviderKind;
  subModel: string;
  engine: Required<EngineSettings>;
  /** USD per 1M tokens, editable; Ollama's local models always cost 0. */
  prices: PriceTable;
  /** Per model call: longest wait for the first token (and between two). */
  callTimeoutMs: number;
}
