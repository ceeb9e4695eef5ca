import { DEFAULT_SETTINGS, type EngineSettings } from '../core/settings';
import type { ProviderKind } from '../core/types';
import { DEFAULT_PRICES } from '../core/cost';
import { INPAGE_DEFAULT_N_CTX, OLLAMA_DEFAULT_HOST, type OpenAIPresetId, type ProviderConfig } from '../providers';
import * as v from 'valibot';
import { shorten } from '../core/schema-issues';
import { PROMPT_STRATEGIES } from '../core/strategies';
import { atLeastOne, positive, providerKindSchema, settingsSchema, strategySchema, wholeOrZero, zeroOrMore } from './settingsSchema';
import type { OllamaSettings, ProviderSettings, Settings } from './settingsTypes';

type Report = (problem: string) => void;

export type { OllamaSettings, ProviderSettings, Settings };

export const DEFAULT_APP_SETTINGS: Settings = {
  providers: {
    ollama: { host: OLLAMA_DEFAULT_HOST, hosts: [], modelHosts: {} },
    openai: { preset: 'openai', baseURL: 'https://api.openai.com/v1' },
    anthropic: { baseURL: 'https://api.anthropic.com' },
    inpage: { nCtx: INPAGE_DEFAULT_N_CTX },
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

/** Engine settings a link may preset. */
export type LinkLimits = Partial<Required<EngineSettings>>;

/** Settings as read back, with what could not be used (each problem a sentence for the user). */
export interface LoadedSettings {
  /** The saved settings with the link's parameters on top: what this page uses. */
  settings: Settings;
  problems: string[];
  /**
   * The engine settings the link gave. They apply to this page only: what is written to storage keeps
   * the saved values for these keys until the user saves them (`forStorage`).
   */
  link: LinkLimits;
  /** The saved values under `link`'s keys, to write back instead of the link's. */
  linkBase: LinkLimits;
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
  const q = new URLSearchParams(search);
  const settings = applyQuery(s, q, report);
  const link = linkLimits(q, report);
  const linkBase = pick(s.engine, link);
  settings.engine = { ...settings.engine, ...link };
  return { settings, problems, link, linkBase };
}

function pick(engine: Required<EngineSettings>, keysOf: LinkLimits): LinkLimits {
  return Object.fromEntries(Object.keys(keysOf).map((k) => [k, engine[k as keyof EngineSettings]])) as LinkLimits;
}

/** What may be written to storage: the settings with the link's engine values replaced by the saved ones. */
export function forStorage(s: Settings, link: LinkLimits, linkBase: LinkLimits): Settings {
  const engine = { ...s.engine };
  for (const k of Object.keys(link)) Object.assign(engine, { [k]: linkBase[k as keyof LinkLimits] });
  return { ...s, engine };
}

const WHOLE_1 = 'a whole number of at least 1';
const WHOLE_0 = 'a whole number, 0 or more';
type NumberKey = 'maxIterations' | 'blockTimeoutMs' | 'maxDepth' | 'maxSubcalls' | 'maxTokens' | 'maxCostUsd' | 'maxWallMs' | 'maxErrors';
const LINK_NUMBERS: [NumberKey, v.GenericSchema<number>, string][] = [
  ['maxIterations', atLeastOne, WHOLE_1],
  ['blockTimeoutMs', positive, 'a positive number of milliseconds'],
  ['maxDepth', atLeastOne, WHOLE_1],
  ['maxSubcalls', wholeOrZero, WHOLE_0],
  ['maxTokens', wholeOrZero, WHOLE_0],
  ['maxCostUsd', zeroOrMore, 'a number of US dollars, 0 or more'],
  ['maxWallMs', zeroOrMore, 'a number of milliseconds, 0 or more'],
  ['maxErrors', wholeOrZero, WHOLE_0],
];

/** `?maxSubcalls=2&strategy=final…`: run limits for this page. */
function linkLimits(q: URLSearchParams, report: Report): LinkLimits {
  const out: LinkLimits = {};
  for (const [key, schema, what] of LINK_NUMBERS) {
    const n = numberParam(q, key, schema, what, report);
    if (n !== undefined) out[key] = n;
  }
  const strategy = q.get('strategy');
  if (strategy !== null) {
    if (v.is(strategySchema, strategy)) out.strategy = strategy;
    else report(`The link's \`strategy=${shorten(strategy, 40)}\` is not one of ${PROMPT_STRATEGIES.join(', ')}; it was ignored.`);
  }
  return out;
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
  // Number('') is 0, which is a valid limit for some keys: an empty value is a mistake, not a zero.
  const r = raw.trim() === '' ? null : v.safeParse(schema, Number(raw));
  if (r?.success) return r.output as number;
  report(`The link's \`${key}=${shorten(raw, 40)}\` is not ${what}; it was ignored.`);
  return undefined;
}

function kindParam(q: URLSearchParams, key: string, report: Report): ProviderKind | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  if (v.is(providerKindSchema, raw)) return raw;
  report(`The link's \`${key}=${shorten(raw, 40)}\` is not one of ollama, openai, anthropic, inpage; it was ignored.`);
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
    // No empty `modelHosts`: the config then equals the one model descriptions use, so both share one provider and
    // its /api/show answers (a run's first call no longer asks again what the model list already asked).
    return { kind, host, ...(elsewhere.length ? { modelHosts } : {}), callTimeoutMs };
  }
  if (kind === 'anthropic') return { kind, apiKey, baseURL: p.anthropic.baseURL, callTimeoutMs };
  if (kind === 'inpage') return { kind, callTimeoutMs };
  return { kind, preset: p.openai.preset as OpenAIPresetId, baseURL: p.openai.baseURL, apiKey, callTimeoutMs };
}
