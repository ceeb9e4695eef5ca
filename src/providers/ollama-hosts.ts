/**
 * Several Ollama servers behind one provider: a model can live on another
 * machine (a GPU box on the LAN) while the rest run locally. Each call goes
 * to the host its model was picked from; anything else goes to the main host.
 */
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';
import { OllamaProvider, OLLAMA_DEFAULT_HOST, type OllamaProviderOptions } from './ollama';
import type { PullProgress } from './ollama-pull';
import { normalizeHost } from './util';

export interface OllamaHostsOptions extends OllamaProviderOptions {
  /** model name → host it lives on, for models not on `host`. */
  modelHosts?: Record<string, string>;
}

export class OllamaHostsProvider implements ChatProvider {
  readonly kind = 'ollama' as const;
  readonly endpoint: string;
  private readonly main: OllamaProvider;
  private readonly byHost = new Map<string, OllamaProvider>();
  private readonly modelHosts: Record<string, string>;

  constructor(private readonly opts: OllamaHostsOptions) {
    this.main = new OllamaProvider(opts);
    this.endpoint = this.main.endpoint;
    this.byHost.set(normalizeHost(opts.host, OLLAMA_DEFAULT_HOST), this.main);
    this.modelHosts = opts.modelHosts ?? {};
  }

  /** One provider per host, so each keeps its own /api/show cache. */
  forModel(model: string): OllamaProvider {
    // Own keys only: model code names the model, and '__proto__' must not reach Object.prototype.
    const raw = Object.hasOwn(this.modelHosts, model) ? this.modelHosts[model] : undefined;
    if (!raw) return this.main;
    const host = normalizeHost(raw, OLLAMA_DEFAULT_HOST);
    let p = this.byHost.get(host);
    if (!p) {
      p = new OllamaProvider({ ...this.opts, host });
      this.byHost.set(host, p);
    }
    return p;
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.main.listModels(signal);
  }

  describeModel(name: string, signal?: AbortSignal): Promise<ModelInfo> {
    return this.forModel(name).describeModel(name, signal);
  }

  pull(model: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    return this.forModel(model).pull(model, onProgress, signal);
  }

  chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    return this.forModel(opts.model).chat(messages, opts);
  }
}
