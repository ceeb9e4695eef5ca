/**
 * Sub-calls on a pool of hosts: a model served by several hosts (Ollama or vLLM servers with the same model)
 * sends each call to the host with the fewest calls in flight right now, counted across every trial of the
 * matrix (the map is shared). The scheduler places whole trials by trial count; this places each call.
 */
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';

export interface PoolMember {
  key: string;
  provider: ChatProvider;
}

export class LeastBusyProvider implements ChatProvider {
  readonly kind: ChatProvider['kind'];
  readonly endpoint: string;

  /** `members[0]` is preferred on a tie (the trial's own host). */
  constructor(private readonly members: PoolMember[], private readonly busy: Map<string, number>) {
    if (!members.length) throw new Error('A host pool needs at least one host.');
    this.kind = members[0].provider.kind;
    this.endpoint = members[0].provider.endpoint;
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.members[0].provider.listModels(signal);
  }

  describeModel(name: string, signal?: AbortSignal): Promise<ModelInfo> {
    const p = this.members[0].provider;
    return p.describeModel ? p.describeModel(name, signal) : Promise.resolve({ name });
  }

  async *chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    const load = (m: PoolMember) => this.busy.get(m.key) ?? 0;
    const m = this.members.reduce((best, x) => (load(x) < load(best) ? x : best));
    this.busy.set(m.key, load(m) + 1);
    try {
      yield* m.provider.chat(messages, opts);
    } finally {
      this.busy.set(m.key, load(m) - 1);
    }
  }
}
