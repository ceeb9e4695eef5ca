import { DEFAULT_SETTINGS, type EngineSettings } from '../core/settings';
import type { ProviderKind } from '../core/types';
import { DEFAULT_PRICES, type PriceTable } from '../core/cost';
import type { OpenAIPresetId, ProviderConfig } from '../providers';

/**
 * What the user chose. API keys live only in `keys` (memory) and are never
 * written to localStorage, a URL or a trajectory.
 */
export interface ProviderSettings {
  ollama: { host: string };
  openai: { preset: string; baseURL: string };
  anthropic: { baseURL: string };
}

export interface Settings {
  providers: ProviderSettings;
  rootProvider: ProviderKind;
  rootModel: string;
  /** '' = the root model. */
  subProvider: ProviderKind;
  subModel: string;
  engine: EngineSettings;
  /** USD per 1M tokens, editable; Ollama's local models always cost 0. */
  prices: PriceTable;
}

export const DEFAULT_OLLAMA_HOST = 'http://localhost:11434';

export const DEFAULT_APP_SETTINGS: Settings = {
  providers: {
    ollama: { host: DEFAULT_OLLAMA_HOST },
    openai: { preset: 'openai', baseURL: 'https://api.openai.com/v1' },
    anthropic: { baseURL: 'https://api.anthropic.com' },
  },
  rootProvider: 'ollama',
  rootModel: '',
  subProvider: 'ollama',
  subModel: '',
  engine: DEFAULT_SETTINGS,
  prices: DEFAULT_PRICES,
};

const STORAGE_KEY = 'rlm-studio:settings:v1';

const KINDS: ProviderKind[] = ['ollama', 'openai', 'anthropic'];
const isKind = (v: string | null): v is ProviderKind => !!v && (KINDS as string[]).includes(v);

export function loadSettings(storage: Pick<Storage, 'getItem'> | null, search: string): Settings {
  let s = structuredClone(DEFAULT_APP_SETTINGS);
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (raw) s = mergeSettings(s, JSON.parse(raw));
  } catch {
    // A corrupt entry only costs the saved choices, never the page.
  }
  return applyQuery(s, new URLSearchParams(search));
}

function mergeSettings(base: Settings, saved: Partial<Settings>): Settings {
  return {
    ...base,
    ...saved,
    providers: {
      ollama: { ...base.providers.ollama, ...saved.providers?.ollama },
      openai: { ...base.providers.openai, ...saved.providers?.openai },
      anthropic: { ...base.providers.anthropic, ...saved.providers?.anthropic },
    },
    engine: { ...base.engine, ...saved.engine },
    prices: { ...base.prices, ...saved.prices },
  };
}

/** `?provider=ollama&host=…&model=…&subModel=…` presets a run, for links and tests. */
export function applyQuery(s: Settings, q: URLSearchParams): Settings {
  const out = structuredClone(s);
  const provider = q.get('provider');
  if (isKind(provider)) {
    out.rootProvider = provider;
    out.subProvider = provider;
  }
  const subProvider = q.get('subProvider');
  if (isKind(subProvider)) out.subProvider = subProvider;
  const host = q.get('host');
  if (host) out.providers.ollama.host = host;
  const baseURL = q.get('baseURL') ?? q.get('baseUrl');
  if (baseURL && out.rootProvider === 'anthropic') out.providers.anthropic.baseURL = baseURL;
  else if (baseURL) out.providers.openai = { preset: q.get('preset') ?? 'custom', baseURL };
  const model = q.get('model');
  if (model) out.rootModel = model;
  const subModel = q.get('subModel');
  if (subModel !== null) out.subModel = subModel;
  const maxIterations = Number(q.get('maxIterations'));
  if (maxIterations > 0) out.engine.maxIterations = Math.floor(maxIterations);
  const timeout = Number(q.get('blockTimeoutMs'));
  if (timeout > 0) out.engine.blockTimeoutMs = timeout;
  return out;
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | null, s: Settings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // Private mode or a full quota: settings then last for this tab only.
  }
}

/** The provider config for a kind; the key is added only where it is needed, never stored with settings. */
export function providerConfig(kind: ProviderKind, s: Settings, apiKey = ''): ProviderConfig {
  const p = s.providers;
  if (kind === 'ollama') return { kind, host: p.ollama.host };
  if (kind === 'anthropic') return { kind, apiKey, baseURL: p.anthropic.baseURL };
  return { kind, preset: p.openai.preset as OpenAIPresetId, baseURL: p.openai.baseURL, apiKey };
}
