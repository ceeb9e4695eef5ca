import type { StateCreator } from 'zustand';
import type { ProviderKind } from '../core/types';
import type { EngineSettings } from '../core/settings';
import { forStorage, readSettings, saveSettings, type LinkLimits, type Settings } from './settings';
import type { AppState, StoreDeps } from './types';
import { stepModeFromLink } from './stepSlice';
import { INPAGE_ENDPOINT } from '../providers';

/** The saved settings: providers, models, engine limits, prices. */
export interface SettingsSlice {
  settings: Settings;
  /** Saved settings or link parameters that could not be used, said once at load. */
  settingsNotice: string | null;
  updateSettings(f: (s: Settings) => Settings): void;
  /**
   * Engine settings the link preset: used on this page, not saved (the saved value stays in storage)
   * until `saveLinkLimits`. Editing one with `setEngine` makes it the user's own, saved as usual.
   */
  linkLimits: LinkLimits;
  setEngine<K extends keyof EngineSettings>(key: K, value: Required<EngineSettings>[K]): void;
  /** Makes the link's limits the saved defaults. */
  saveLinkLimits(): void;
  /** Picks a model for a role; `host` is the extra Ollama host it was listed on, if any. */
  chooseModel(role: 'root' | 'sub', name: string, host?: string): void;
  endpointFor(kind: ProviderKind): string;
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    const loaded = readSettings(deps.storage, deps.search);
    const { linkBase } = loaded;
    const save = () => saveSettings(deps.storage, forStorage(get().settings, get().linkLimits, linkBase));
    return {
      settings: loaded.settings,
      settingsNotice: settingsNotice(withStepProblem(loaded.problems, deps.search)),
      linkLimits: loaded.link,
      updateSettings: (f) => {
        set({ settings: f(get().settings) });
        save();
      },
      setEngine: (key, value) => {
        const { [key]: _mine, ...link } = get().linkLimits;
        set((s) => ({ linkLimits: link as LinkLimits, settings: { ...s.settings, engine: { ...s.settings.engine, [key]: value } } }));
        save();
      },
      saveLinkLimits: () => {
        set({ linkLimits: {} });
        save();
      },
      chooseModel: (role, name, host) =>
        get().updateSettings((s) => {
          const kind = role === 'root' ? s.rootProvider : s.subProvider;
          const next = role === 'root' ? { ...s, rootModel: name } : { ...s, subModel: name };
          if (kind !== 'ollama' || !name) return next;
          const modelHosts = { ...s.providers.ollama.modelHosts };
          if (host && host !== s.providers.ollama.host) modelHosts[name] = host;
          else delete modelHosts[name];
          return { ...next, providers: { ...s.providers, ollama: { ...s.providers.ollama, modelHosts } } };
        }),
      endpointFor: (kind) => {
        const p = get().settings.providers;
        if (kind === 'inpage') return INPAGE_ENDPOINT;
        return kind === 'ollama' ? [p.ollama.host, ...p.ollama.hosts].join(' ') : kind === 'openai' ? p.openai.baseURL : p.anthropic.baseURL;
      },
  };
  };

/** The link's `stepMode` is not a setting, but a bad value is said with the link's other problems. */
function withStepProblem(problems: string[], search: string): string[] {
  const { problem } = stepModeFromLink(search);
  return problem ? [...problems, problem] : problems;
}

/** A flood of bad entries (a hostile or runaway store) is summarised, not listed whole. */
function settingsNotice(problems: string[], max = 5): string | null {
  if (!problems.length) return null;
  const more = problems.length > max ? ` …and ${problems.length - max} more.` : '';
  return problems.slice(0, max).join(' ') + more;
}
