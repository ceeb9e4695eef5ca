import type { StateCreator } from 'zustand';
import type { ProviderKind } from '../core/types';
import { readSettings, saveSettings, type Settings } from './settings';
import type { AppState, StoreDeps } from './types';

/** The saved settings: providers, models, engine limits, prices. */
export interface SettingsSlice {
  settings: Settings;
  /** Saved settings or link parameters that could not be used, said once at load. */
  settingsNotice: string | null;
  updateSettings(f: (s: Settings) => Settings): void;
  /** Picks a model for a role; `host` is the extra Ollama host it was listed on, if any. */
  chooseModel(role: 'root' | 'sub', name: string, host?: string): void;
  endpointFor(kind: ProviderKind): string;
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    const loaded = readSettings(deps.storage, deps.search);
    return {
      settings: loaded.settings,
      settingsNotice: settingsNotice(loaded.problems),
      updateSettings: (f) => {
        const settings = f(get().settings);
        set({ settings });
        saveSettings(deps.storage, settings);
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
        return kind === 'ollama' ? [p.ollama.host, ...p.ollama.hosts].join(' ') : kind === 'openai' ? p.openai.baseURL : p.anthropic.baseURL;
      },
  };
  };

/** A flood of bad entries (a hostile or runaway store) is summarised, not listed whole. */
function settingsNotice(problems: string[], max = 5): string | null {
  if (!problems.length) return null;
  const more = problems.length > max ? ` …and ${problems.length - max} more.` : '';
  return problems.slice(0, max).join(' ') + more;
}
