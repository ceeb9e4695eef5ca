import type { StateCreator } from 'zustand';
import type { ProviderKind } from '../core/types';
import { loadSettings, saveSettings, type Settings } from './settings';
import type { AppState, StoreDeps } from './types';

/** The saved settings: providers, models, engine limits, prices. */
export interface SettingsSlice {
  settings: Settings;
  updateSettings(f: (s: Settings) => Settings): void;
  /** Picks a model for a role; `host` is the extra Ollama host it was listed on, if any. */
  chooseModel(role: 'root' | 'sub', name: string, host?: string): void;
  endpointFor(kind: ProviderKind): string;
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => ({
    settings: loadSettings(deps.storage, deps.search),
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
  });
