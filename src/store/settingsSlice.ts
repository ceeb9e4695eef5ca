import type { StateCreator } from 'zustand';
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import { loadSettings, providerConfig, saveSettings, type Settings } from './settings';
import type { AppState, StoreDeps } from './types';

export type ModelsState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; list: ModelInfo[] }
  | { status: 'error'; message: string };

export interface SettingsSlice {
  settings: Settings;
  /** API keys for this session only; never persisted, never sent to the sandbox. */
  keys: Partial<Record<ProviderKind, string>>;
  /** Providers whose key the user chose to remember on this device. */
  remembered: Partial<Record<ProviderKind, boolean>>;
  keyStoreError: string | null;
  rememberKey(kind: ProviderKind, remember: boolean): Promise<void>;
  models: Record<ProviderKind, ModelsState>;
  updateSettings(f: (s: Settings) => Settings): void;
  setKey(kind: ProviderKind, key: string): void;
  refreshModels(kind: ProviderKind): Promise<void>;
  providerFor(kind: ProviderKind): ChatProvider;
  endpointFor(kind: ProviderKind): string;
  /** Why Run cannot start now, or null. */
  runBlocker(): string | null;
}

function message(e: unknown): string {
  if (e && typeof e === 'object' && 'userMessage' in e && typeof e.userMessage === 'string') return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    // Requests from an older refresh must not overwrite a newer one's result.
    const generation: Record<string, number> = {};
    return {
      settings: loadSettings(deps.storage, deps.search),
      keys: {},
      remembered: {},
      keyStoreError: null,
      rememberKey: async (kind, remember) => {
        try {
          if (remember) await deps.keyStore.put(kind, get().keys[kind] ?? '');
          else await deps.keyStore.remove(kind);
          set((s) => ({ remembered: { ...s.remembered, [kind]: remember }, keyStoreError: null }));
        } catch (e) {
          set({ keyStoreError: `The key store is unavailable: ${message(e)}` });
        }
      },
      models: { ollama: { status: 'idle' }, openai: { status: 'idle' }, anthropic: { status: 'idle' } },
      updateSettings: (f) => {
        const settings = f(get().settings);
        set({ settings });
        saveSettings(deps.storage, settings);
      },
      setKey: (kind, key) => {
        set((s) => ({ keys: { ...s.keys, [kind]: key } }));
        // An opted-in key follows edits; forgetting is the explicit button.
        if (get().remembered[kind]) void deps.keyStore.put(kind, key).catch(() => undefined);
      },
      endpointFor: (kind) => {
        const p = get().settings.providers;
        return kind === 'ollama' ? p.ollama.host : kind === 'openai' ? p.openai.baseURL : p.anthropic.baseURL;
      },
      providerFor: (kind) => deps.createProvider(providerConfig(kind, get().settings, get().keys[kind] ?? '')),
      refreshModels: async (kind) => {
        const gen = (generation[kind] = (generation[kind] ?? 0) + 1);
        set((s) => ({ models: { ...s.models, [kind]: { status: 'loading' } } }));
        let next: ModelsState;
        try {
          const list = await get().providerFor(kind).listModels(AbortSignal.timeout(10_000));
          next = { status: 'ok', list };
        } catch (e) {
          next = { status: 'error', message: message(e) };
        }
        if (generation[kind] !== gen) return;
        set((s) => ({ models: { ...s.models, [kind]: next } }));
        const { settings } = get();
        if (next.status === 'ok' && next.list.length && kind === settings.rootProvider && !settings.rootModel) {
          get().updateSettings((st) => ({ ...st, rootModel: next.list[0].name }));
        }
      },
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
