import type { StateCreator } from 'zustand';
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import { providerConfig } from './settings';
import { createModelActions, type ModelActions, type ModelsState, type PullState } from './modelActions';
import { providerCache } from './providerCache';
import type { AppState, StoreDeps } from './types';

export type { ModelsState, PullState };

/** Model lists, model details and pulls, and the providers that serve them and the runs. */
export interface ModelsSlice extends ModelActions {
  models: Record<ProviderKind, ModelsState>;
  /**
   * Ollama /api/show answers by describeKey(host, name), for the pickers to
   * render; the provider itself caches the requests.
   */
  described: Record<string, ModelInfo>;
  pulls: Record<string, PullState>;
  /** The provider for the current settings and key; the same object while they stay the same. */
  providerFor(kind: ProviderKind): ChatProvider;
}

export const createModelsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ModelsSlice> =>
  (set, get) => {
    const make = providerCache(deps.createProvider);
    return {
      models: { ollama: { status: 'idle' }, openai: { status: 'idle' }, anthropic: { status: 'idle' }, inpage: { status: 'idle' } },
      described: {},
      pulls: {},
      providerFor: (kind) => make(providerConfig(kind, get().settings, get().keys[kind] ?? '')),
      ...createModelActions(make, set, get),
    };
  };
