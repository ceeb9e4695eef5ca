import type { StateCreator } from 'zustand';
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import { canPull, type PullProgress } from '../providers';
import { loadSettings, ollamaHostFor, providerConfig, saveSettings, type Settings } from './settings';
import { describeKey, errorText, listOllamaHosts, type ListedModel } from './ollamaModels';
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

/** Describing every listed model costs one /api/show each; enough for any real list, bounded for huge ones. */
const DESCRIBE_LIMIT = 40;

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    // Requests from an older refresh must not overwrite a newer one's result.
    const generation: Record<string, number> = {};
    const describing = new Map<string, Promise<void>>();
    const pullAborts = new Map<string, AbortController>();
    const ollamaProvider = (host: string) => deps.createProvider({ kind: 'ollama', host, callTimeoutMs: get().settings.callTimeoutMs });

    const describeMany = async (names: string[]) => {
      // Two at a time: a background nicety must not crowd out the user's own requests.
      const queue = names.slice(0, DESCRIBE_LIMIT);
      const worker = async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) await get().describeModel(n);
      };
      await Promise.all([worker(), worker()]);
    };

    return {
      settings: loadSettings(deps.storage, deps.search),
      keys: {},
      remembered: {},
      keyStoreError: null,
      described: {},
      pulls: {},
      rememberKey: async (kind, remember) => {
        try {
          if (remember) await deps.keyStore.put(kind, get().keys[kind] ?? '');
          else await deps.keyStore.remove(kind);
          set((s) => ({ remembered: { ...s.remembered, [kind]: remember }, keyStoreError: null }));
        } catch (e) {
          set({ keyStoreError: `The key store is unavailable: ${errorText(e)}` });
        }
      },
      forgetKey: async (kind) => {
        // Opt out first, so the cleared key is not written back by setKey on its way out.
        set((s) => ({ remembered: { ...s.remembered, [kind]: false }, keys: { ...s.keys, [kind]: '' } }));
        try {
          await deps.keyStore.remove(kind);
        } catch (e) {
          set({ keyStoreError: `The key could not be removed from this device: ${errorText(e)}` });
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
      refreshModels: async (kind) => {
        const gen = (generation[kind] = (generation[kind] ?? 0) + 1);
        set((s) => ({ models: { ...s.models, [kind]: { status: 'loading' } } }));
        let next: ModelsState;
        try {
          const signal = AbortSignal.timeout(10_000);
          const { settings } = get();
          next =
            kind === 'ollama'
              ? { status: 'ok', ...(await listOllamaHosts(settings.providers.ollama, deps.createProvider, settings.callTimeoutMs, signal)) }
              : { status: 'ok', list: await get().providerFor(kind).listModels(signal), hostErrors: {} };
        } catch (e) {
          next = { status: 'error', message: errorText(e), code: (e as { code?: string }).code };
        }
        if (generation[kind] !== gen) return;
        set((s) => ({ models: { ...s.models, [kind]: next } }));
        const { settings } = get();
        if (next.status !== 'ok') return;
        const first = next.list[0];
        if (first && kind === settings.rootProvider && !settings.rootModel) get().chooseModel('root', first.name, first.host);
        if (kind === 'ollama') void describeMany(next.list.filter((m) => !m.host).map((m) => m.name));
      },
      describeModel: (name) => {
        const host = ollamaHostFor(name, get().settings.providers.ollama);
        const key = describeKey(host, name);
        if (get().described[key]) return Promise.resolve();
        let p = describing.get(key);
        if (!p) {
          const provider = ollamaProvider(host);
          p = (provider.describeModel?.(name, AbortSignal.timeout(10_000)) ?? Promise.reject(new Error('cannot describe')))
            .then((info) => set((s) => ({ described: { ...s.described, [key]: info } })))
            // Unknown stays unknown: the picker just shows less; a later pick may ask again.
            .catch(() => undefined)
            .finally(() => describing.delete(key));
          describing.set(key, p);
        }
        return p;
      },
      pullModel: async (name) => {
        const provider = ollamaProvider(ollamaHostFor(name, get().settings.providers.ollama));
        if (!canPull(provider) || pullAborts.has(name)) return;
        const ac = new AbortController();
        pullAborts.set(name, ac);
        const put = (p: PullState) => set((s) => ({ pulls: { ...s.pulls, [name]: p } }));
        put({ status: 'starting', completed: 0, total: 0, running: true });
        try {
          await provider.pull(name, (p) => put({ ...p, running: true }), ac.signal);
          put({ status: 'success', completed: 1, total: 1, running: false });
          await get().refreshModels('ollama');
        } catch (e) {
          put({ status: ac.signal.aborted ? 'cancelled' : 'failed', completed: 0, total: 0, running: false, error: ac.signal.aborted ? undefined : errorText(e) });
        } finally {
          pullAborts.delete(name);
        }
      },
      cancelPull: (name) => pullAborts.get(name)?.abort(),
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
