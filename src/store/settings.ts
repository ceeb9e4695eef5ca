import { DEFAULT_SETTINGS, type EngineSettings } from '../core/settings';
import type { ProviderKind } from '../core/types';
import { DEFAULT_PRICES, type PriceTable } from '../core/cost';
import { OLLAMA_DEFAULT_HOST, type OpenAIPresetId, type ProviderConfig } from '../providers';
import * as v from 'valibot';
import { shorten } from '../core/schema-issues';
import { atLeastOne, positive, providerKindSchema, settingsSchema } from './settingsSchema';

type Report = (problem: string) => void;

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
  /** Per model call: longest wait for the first token (and between two). */
  callTimeoutMs: number;
}


export const DEFAULT_APP_SETTINGS: Settings = {
  providers: {
    ollama: { host: OLLAMA_DEFAULT_HOST, hosts: [], modelHosts: {} },
    openai: { preset: 'openai', baseURL: 'https://api.openai.com/v1' },
    anthropic: { baseURL: 'https://api.anthropic.com' },
  },
  rootProvider: 'ollama',
  rootModel: '',
  subProvider: 'ollama',
  subModel: '',
  engine: DEFAULT_SETTINGS,
  prices: DEFAULT_PRICES,
  // Generous: a local model may need minutes to load and read a long prompt.
  callTimeoutMs: 300_000,
};

const STORAGE_KEY = 'rlm-studio:settings:v1';

/** Settings as read back, with what could not be used (each problem a sentence for the user). */
export interface LoadedSettings {
  settings: Settings;
  problems: string[];
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | null, search: string): Settings {
  return readSettings(storage, search).settings;
}

export function readSettings(storage: Pick<Storage, 'getItem'> | null, search: string): LoadedSettings {
  const problems: string[] = [];
  let s = structuredClone(DEFAULT_APP_SETTINGS);
  let raw: string | null | undefined = null;
  try {
    raw = storage?.getItem(STORAGE_KEY);
  } catch {
    // Storage blocked (privacy settings): defaults, nothing to report that the user can fix.
  }
  const report = (p: string) => void problems.push(p);
  if (raw) s = parseSaved(raw, report);
  // The saved settings' own check is in settingsSchema.ts; the link is checked parameter by parameter here.
  return { settings: applyQuery(s, new URLSearchParams(search), report), problems };
}

function parseSaved(raw: string, report: Report): Settings {
  let saved: unknown;
  try {
    saved = JSON.parse(raw);
  } catch {
    report('The saved settings are not valid JSON (they may have been cut off); the defaults are used.');
    return structuredClone(DEFAULT_APP_SETTINGS);
  }
  const r = v.safeParse(settingsSchema(report, DEFAULT_APP_SETTINGS), saved);
  if (r.success) return r.output;
  report(`The saved settings must be an object (got ${shorten(JSON.stringify(saved))}); the defaults are used.`);
  return structuredClone(DEFAULT_APP_SETTINGS);
}

/** A number from the link, or undefined when absent or (reported) unusable. */
function numberParam(q: URLSearchParams, key: string, schema: v.GenericSchema<number>, what: string, report: Report): number | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  const r = v.safeParse(schema, Number(raw));
  if (r.success) return r.output as number;
  report(`The link's \`${key}=${shorten(raw, 40)}\` is not ${what}; it was ignored.`);
  return undefined;
}

function kindParam(q: URLSearchParams, key: string, report: Report): ProviderKind | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  if (v.is(providerKindSchema, raw)) return raw;
  report(`The link's \`${key}=${shorten(raw, 40)}\` is not one of ollama, openai, anthropic; it was ignored.`);
  return undefined;
}

/** `?provider=ollama&host=…&model=…&subModel=…` presets a run, for links and tests. */
function applyQuery(s: Settings, q: URLSearchParams, report: Report = () => undefined): Settings {
  const out = structuredClone(s);
  const provider = kindParam(q, 'provider', report);
  if (provider) {
    out.rootProvider = provider;
    out.subProvider = provider;
  }
  const subProvider = kindParam(q, 'subProvider', report);
  if (subProvider) out.subProvider = subProvider;
  const host = q.get('host');
  if (host) out.providers.ollama.host = host;
  const callTimeoutMs = numberParam(q, 'callTimeoutMs', positive, 'a positive number of milliseconds', report);
  if (callTimeoutMs) out.callTimeoutMs = callTimeoutMs;
  const baseURL = q.get('baseURL') ?? q.get('baseUrl');
  if (baseURL && out.rootProvider === 'anthropic') out.providers.anthropic.baseURL = baseURL;
  else if (baseURL) out.providers.openai = { preset: q.get('preset') ?? 'custom', baseURL };
  const model = q.get('model');
  if (model) out.rootModel = model;
  const subModel = q.get('subModel');
  if (subModel !== null) out.subModel = subModel;
  const maxIterations = numberParam(q, 'maxIterations', atLeastOne, 'a whole number of at least 1', report);
  if (maxIterations) out.engine.maxIterations = maxIterations;
  const timeout = numberParam(q, 'blockTimeoutMs', positive, 'a positive number of milliseconds', report);
  if (timeout) out.engine.blockTimeoutMs = timeout;
  return out;
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | null, s: Settings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // Private mode or a full quota: settings then last for this tab only.
  }
}

/** The Ollama server a model lives on. */
export function ollamaHostFor(model: string, o: OllamaSettings): string {
  return (Object.hasOwn(o.modelHosts, model) && o.modelHosts[model]) || o.host;
}

/** Models a run will call on this provider, the main one first. */
function modelsInUse(kind: ProviderKind, s: Settings): string[] {
  const out: string[] = [];
  if (s.rootProvider === kind && s.rootModel) out.push(s.rootModel);
  const sub = s.subModel || (s.subProvider === s.rootProvider ? s.rootModel : '');
  if (s.subProvider === kind && sub && !out.includes(sub)) out.push(sub);
  return out;
}

/**
 * The provider config for a kind; the key is added only where it is needed, never stored with settings.
 * Ollama's host is that of the main model in use, and the other models in use that live elsewhere are routed.
 */
export function providerConfig(kind: ProviderKind, s: Settings, apiKey = ''): ProviderConfig {
  const p = s.providers;
  const callTimeoutMs = s.callTimeoutMs;
  if (kind === 'ollama') {
    const used = modelsInUse(kind, s);
    const host = used.length ? ollamaHostFor(used[0], p.ollama) : p.ollama.host;
    const elsewhere = used.filter((m) => ollamaHostFor(m, p.ollama) !== host);
    const modelHosts = Object.fromEntries(elsewhere.map((m) => [m, ollamaHostFor(m, p.ollama)]));
    return { kind, host, modelHosts, callTimeoutMs };
  }
  if (kind === 'anthropic') return { kind, apiKey, baseURL: p.anthropic.baseURL, callTimeoutMs };
  return { kind, preset: p.openai.preset as OpenAIPresetId, baseURL: p.openai.baseURL, apiKey, callTimeoutMs };
}
