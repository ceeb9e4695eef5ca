import { errorMessage } from '../core/call';
import type { StateCreator } from 'zustand';
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import type { PullProgress } from '../providers';
import { providerConfig, readSettings, saveSettings, type Settings } from './settings';
import { type ListedModel } from './ollamaModels';
import { createModelActions } from './modelActions';
import type { AppState, StoreDeps } from './types';

export type ModelsState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; list: ListedModel[]; hostErrors: Record<string, string> }
  | { status: 'error'; message: string; code?: string };

/** A pull in progress, or how it ended. */
export type PullState = PullProgress & { running: boolean; error?: string };

export interface SettingsSlice {
  settings: Settings;
  /** API keys for this session only; never persisted, never sent to the sandbox. */
  keys: Partial<Record<ProviderKind, string>>;
  /** Providers whose key the user chose to remember on this device. */
  remembered: Partial<Record<ProviderKind, boolean>>;
  keyStoreError: string | null;
  /** Saved settings or link parameters that could not be used, said once at load. */
  settingsNotice: string | null;
  rememberKey(kind: ProviderKind, remember: boolean): Promise<void>;
  /** Clears the key from memory and from the device. */
  forgetKey(kind: ProviderKind): Promise<void>;
  models: Record<ProviderKind, ModelsState>;
  /** Ollama /api/show answers by describeKey(host, name): thinking, context window. */
  described: Record<string, ModelInfo>;
  pulls: Record<string, PullState>;
  updateSettings(f: (s: Settings) => Settings): void;
  /** Picks a model for a role; `host` is the extra Ollama host it was listed on, if any. */
  chooseModel(role: 'root' | 'sub', name: string, host?: string): void;
  setKey(kind: ProviderKind, key: string): void;
  refreshModels(kind: ProviderKind): Promise<void>;
  describeModel(name: string): Promise<void>;
  pullModel(name: string): Promise<void>;
  cancelPull(name: string): void;
  providerFor(kind: ProviderKind): ChatProvider;
  endpointFor(kind: ProviderKind): string;
  /** Why Run cannot start now, or null. */
  runBlocker(): string | null;
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    const loaded = readSettings(deps.storage, deps.search);
    return {
      settings: loaded.settings,
      settingsNotice: settingsNotice(loaded.problems),
      keys: {},
      remembered: {},
      keyStoreError: null,
      described: {},
      pulls: {},
      rememberKey: async (kind, remember) => {
        // The checkbox follows the click at once; a failing store puts it back and says why.
        set((s) => ({ remembered: { ...s.remembered, [kind]: remember }, keyStoreError: null }));
        try {
          if (remember) await deps.keyStore.put(kind, get().keys[kind] ?? '');
          else await deps.keyStore.remove(kind);
        } catch (e) {
          set((s) => ({ remembered: { ...s.remembered, [kind]: !remember }, keyStoreError: `The key store is unavailable: ${errorMessage(e)}` }));
        }
      },
      forgetKey: async (kind) => {
        // Opt out first, so the cleared key is not written back by setKey on its way out.
        set((s) => ({ remembered: { ...s.remembered, [kind]: false }, keys: { ...s.keys, [kind]: '' } }));
        try {
          await deps.keyStore.remove(kind);
        } catch (e) {
          set({ keyStoreError: `The key could not be removed from this device: ${errorMessage(e)}` });
        }
      },
      models: { ollama: { status: 'idle' }, openai: { status: 'idle' }, anthropic: { status: 'idle' } },
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
      setKey: (kind, key) => {
        set((s) => ({ keys: { ...s.keys, [kind]: key } }));
        // An opted-in key follows edits; forgetting is the explicit button.
        if (get().remembered[kind]) void deps.keyStore.put(kind, key).catch(() => undefined);
      },
      endpointFor: (kind) => {
        const p = get().settings.providers;
        return kind === 'ollama' ? [p.ollama.host, ...p.ollama.hosts].join(' ') : kind === 'openai' ? p.openai.baseURL : p.anthropic.baseURL;
      },
      providerFor: (kind) => deps.createProvider(providerConfig(kind, get().settings, get().keys[kind] ?? '')),
      ...createModelActions(deps, set, get),
      runBlocker: () => {
        const s = get();
        if (s.running) return 'A run is already in progress.';
        if (!s.question.trim()) return 'Type a question first.';
        if (!s.settings.rootModel) return 'Pick a root model first.';
        const models = s.models[s.settings.rootProvider];
        if (models.status === 'error') return models.message;
        if (s.context.status === 'loading') return 'The file is still loading.';
        if (s.context.status === 'error') return 'The file could not be loaded: remove it or pick another.';
        if (s.sandbox.state === 'error') return `The Python sandbox failed: ${s.sandbox.message}`;
        return null;
      },
    };
  };

/** A flood of bad entries (a hostile or runaway store) is summarised, not listed whole. */
function settingsNotice(problems: string[], max = 5): string | null {
  if (!problems.length) return null;
  const more = problems.length > max ? ` …and ${problems.length - max} more.` : '';
  return problems.slice(0, max).join(' ') + more;
}
