import type { StateCreator } from 'zustand';
import type { ChatProvider, ModelInfo, ProviderKind } from '../core/types';
import type { PullProgress } from '../providers';
import { providerConfig } from './settings';
import { type ListedModel } from './ollamaModels';
import { createModelActions } from './modelActions';
import { providerCache } from './providerCache';
import type { AppState, StoreDeps } from './types';

export type ModelsState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; list: ListedModel[]; hostErrors: Record<string, string> }
  | { status: 'error'; message: string; code?: string };

/** A pull in progress, or how it ended. */
export type PullState = PullProgress & { running: boolean; error?: string };

/** Model lists, model details and pulls, and the providers that serve them and the runs. */
export interface ModelsSlice {
  models: Record<ProviderKind, ModelsState>;
  /**
   * Ollama /api/show answers by describeKey(host, name), for the pickers to
   * render; the provider itself caches the requests.
   */
  described: Record<string, ModelInfo>;
  pulls: Record<string, PullState>;
  refreshModels(kind: ProviderKind): Promise<void>;
  /** Asks the model's Ollama server about it; resolves with what it said (undefined when unknown). */
  describeModel(name: string): Promise<ModelInfo | undefined>;
  pullModel(name: string): Promise<void>;
  cancelPull(name: string): void;
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
