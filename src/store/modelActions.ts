import { errorMessage } from '../core/error-message';
/**
 * The models slice's actions: listing (every Ollama host at
 * once), describing Ollama models (/api/show, lazily and in the background),
 * and pulling a missing one with progress.
 */
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import { canPull, type ProviderConfig, type PullProgress } from '../providers';
import { describeKey, listOllamaHosts, type ListedModel } from './ollamaModels';
import { ollamaHostFor } from './settings';
import type { AppState } from './types';

type Set = (f: (s: AppState) => Partial<AppState>) => void;
type Get = () => AppState;

export type ModelsState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; list: ListedModel[]; hostErrors: Record<string, string> }
  | { status: 'error'; message: string; code?: string };

/** A pull in progress, or how it ended. */
export type PullState = PullProgress & { running: boolean; error?: string };

/** The models slice's actions (modelsSlice.ts adds its state and providerFor). */
export interface ModelActions {
  refreshModels(kind: ProviderKind): Promise<void>;
  /** Asks the model's Ollama server about it; resolves with what it said (undefined when unknown). */
  describeModel(name: string): Promise<ModelInfo | undefined>;
  pullModel(name: string): Promise<void>;
  cancelPull(name: string): void;
}

/** Describing every listed model costs one /api/show each; enough for any real list, bounded for huge ones. */
const DESCRIBE_LIMIT = 40;
const LIST_TIMEOUT_MS = 10_000;

/** `make` hands out one provider per config, so its /api/show cache is the only one. */
export function createModelActions(make: (config: ProviderConfig) => ChatProvider, set: Set, get: Get): ModelActions {
  // Requests from an older refresh must not overwrite a newer one's result.
  const generation: Record<string, number> = {};
  const pullAborts = new Map<string, AbortController>();
  const ollamaProvider = (host: string) => make({ kind: 'ollama', host, callTimeoutMs: get().settings.callTimeoutMs });

  const describeMany = async (names: string[]) => {
    // Two at a time: a background nicety must not crowd out the user's own requests.
    const queue = names.slice(0, DESCRIBE_LIMIT);
    // The list belongs to the host it came from: once the user edits the host, the rest would go to whatever is
    // half-typed there (one /api/show per keystroke while the queue drains).
    const host = get().settings.providers.ollama.host;
    const worker = async () => {
      for (let n = queue.shift(); n !== undefined && get().settings.providers.ollama.host === host; n = queue.shift()) {
        await get().describeModel(n);
      }
    };
    await Promise.all([worker(), worker()]);
  };

  const list = async (kind: keyof AppState['models']): Promise<ModelsState> => {
    try {
      const signal = AbortSignal.timeout(LIST_TIMEOUT_MS);
      const { settings } = get();
      if (kind !== 'ollama') return { status: 'ok', list: await get().providerFor(kind).listModels(signal), hostErrors: {} };
      return { status: 'ok', ...(await listOllamaHosts(settings.providers.ollama, make, settings.callTimeoutMs, signal)) };
    } catch (e) {
      return { status: 'error', message: errorMessage(e), code: (e as { code?: string }).code };
    }
  };

  return {
    refreshModels: async (kind) => {
      const gen = (generation[kind] = (generation[kind] ?? 0) + 1);
      set((s) => ({ models: { ...s.models, [kind]: { status: 'loading' } } }));
      const next = await list(kind);
      if (generation[kind] !== gen) return;
      set((s) => ({ models: { ...s.models, [kind]: next } }));
      const { settings } = get();
      if (next.status !== 'ok') return;
      const first = next.list[0];
      if (first && kind === settings.rootProvider && !settings.rootModel) get().chooseModel('root', first.name, first.host);
      if (kind !== 'ollama') return;
      // The chosen root model first: a run needs its window before its first call, and waiting for /api/show there
      // put a round trip (and a queue of other models' descriptions) on the first answer's path.
      const root = settings.rootProvider === 'ollama' && settings.rootModel ? [settings.rootModel] : [];
      void describeMany([...new Set([...root, ...next.list.filter((m) => !m.host).map((m) => m.name)])]);
    },

    describeModel: async (name) => {
      const host = ollamaHostFor(name, get().settings.providers.ollama);
      const provider = ollamaProvider(host);
      if (!provider.describeModel) return undefined;
      const key = describeKey(host, name);
      try {
        // The provider asks /api/show once per model and shares requests in flight.
        const info = await provider.describeModel(name, AbortSignal.timeout(LIST_TIMEOUT_MS));
        if (!sameInfo(get().described[key], info)) set((s) => ({ described: { ...s.described, [key]: info } }));
        return info;
      } catch {
        // Unknown stays unknown: the picker just shows less; a later pick may ask again.
        return undefined;
      }
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
        const cancelled = ac.signal.aborted;
        put({ status: cancelled ? 'cancelled' : 'failed', completed: 0, total: 0, running: false, error: cancelled ? undefined : errorMessage(e) });
      } finally {
        pullAborts.delete(name);
      }
    },

    cancelPull: (name) => pullAborts.get(name)?.abort(),
  };
}

const sameInfo = (a: ModelInfo | undefined, b: ModelInfo) =>
  !!a && a.supportsThinking === b.supportsThinking && a.contextLength === b.contextLength && a.details === b.details;
