/**
 * "In this browser": llama.cpp in WebAssembly (wllama), with the model loaded in settings (inpage/engine.ts).
 * Nothing leaves the page and calls cost nothing. One model instance answers one call at a time, so batched
 * sub-calls wait in line (the swimlane shows them one after another); Stop ends a call at once, queued or running.
 * The engine and wllama load on first use: importing this file adds no weight to the page.
 */
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';
import { formatBytes } from '../core/format';
import { AbortedError, ContextLengthError, ModelNotFoundError, ProviderError } from './errors';
import { ThinkTagSplitter } from './think-tags';
import { makeUsage } from './util';
import type { InpageEngine } from './inpage/engine';

export const INPAGE_ENDPOINT = 'this browser';
/** Enough for the RLM system prompt, several iterations and REPL output; a 1 B model's KV cache at this size is ~100–250 MB. */
export const INPAGE_DEFAULT_N_CTX = 8192;

type ChunkLike = {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
};

export interface InpageProviderOptions {
  engine?: () => Promise<InpageEngine>;
}

const sharedEngine = async () => (await import('./inpage/engine')).inpageEngine();

export class InpageProvider implements ChatProvider {
  readonly kind = 'inpage' as const;
  readonly endpoint = INPAGE_ENDPOINT;
  private readonly engine: () => Promise<InpageEngine>;

  constructor(opts: InpageProviderOptions = {}) {
    this.engine = opts.engine ?? sharedEngine;
  }

  async listModels(): Promise<ModelInfo[]> {
    const m = (await this.engine()).loaded()?.model;
    return m ? [toInfo(m)] : [];
  }

  async describeModel(name: string): Promise<ModelInfo> {
    const m = (await this.engine()).loaded()?.model;
    return m && m.name === name ? toInfo(m) : { name };
  }

  async *chat(messages: ChatMessage[], opts: ChatOptions): AsyncGenerator<ChatPart> {
    const engine = await this.engine();
    const signal = opts.signal ?? new AbortController().signal;
    const release = await engine.lane.acquire(signal).catch((err) => {
      throw this.aborted(err);
    });
    try {
      yield* this.generate(engine, messages, opts, signal);
    } finally {
      release();
    }
  }

  private async *generate(engine: InpageEngine, messages: ChatMessage[], opts: ChatOptions, signal: AbortSignal): AsyncGenerator<ChatPart> {
    const loaded = engine.loaded();
    if (!loaded || loaded.model.name !== opts.model) throw this.notLoaded(opts.model, loaded?.model.name);
    const split = new ThinkTagSplitter();
    let outChars = 0;
    let finish: string | undefined;
    let usage: ChunkLike['usage'];
    try {
      const stream = (await loaded.wllama.createChatCompletion({
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        abortSignal: signal,
        ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
        ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
      })) as AsyncIterable<ChunkLike>;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        const reasoning = choice?.delta?.reasoning_content;
        const pieces = [...(reasoning ? [{ type: 'thinking' as const, text: reasoning }] : []), ...split.push(choice?.delta?.content ?? '')];
        for (const p of pieces) (outChars += p.text.length), yield p;
        if (choice?.finish_reason) finish = choice.finish_reason;
      }
    } catch (err) {
      throw signal.aborted ? this.aborted(err) : this.mapError(err, loaded.model.nCtx);
    }
    if (signal.aborted) throw this.aborted(signal.reason);
    // Without a token limit of ours, 'length' means the window filled up: a cut reply must not pass for an answer.
    if (finish === 'length' && !opts.maxTokens) throw this.full(loaded.model.nCtx);
    for (const p of split.flush()) (outChars += p.text.length), yield p;
    yield { type: 'done', usage: makeUsage({ input: usage?.prompt_tokens, output: usage?.completion_tokens }, messages, outChars), model: opts.model, stopReason: finish };
  }

  private aborted(cause: unknown): AbortedError {
    return new AbortedError({ provider: this.kind, endpoint: this.endpoint, cause });
  }

  private full(nCtx: number): ContextLengthError {
    return new ContextLengthError({
      provider: this.kind,
      endpoint: this.endpoint,
      userMessage: `The in-page model's context window (n_ctx ${nCtx} tokens) is full. Raise the context size in settings and load the model again, or lower the REPL output limit.`,
    });
  }

  private notLoaded(model: string, loaded?: string): ModelNotFoundError {
    return new ModelNotFoundError({
      provider: this.kind,
      endpoint: this.endpoint,
      model,
      userMessage: loaded
        ? `${model} is not the model loaded in this page (${loaded} is). Pick it, or load ${model} in settings.`
        : `No model is loaded in this page. Load ${model || 'a model'} under "In this browser" in settings (a file, a URL or a listed model).`,
    });
  }

  private mapError(err: unknown, nCtx: number): ProviderError {
    const type = (err as { type?: string }).type;
    const text = err instanceof Error ? err.message : String(err);
    if (type === 'kv_cache_full' || /context|kv cache|exceed/i.test(text)) return this.full(nCtx);
    return new ProviderError({ provider: this.kind, endpoint: this.endpoint, detail: text, cause: err, userMessage: `The in-page model failed: ${text}` });
  }
}

function toInfo(m: { name: string; bytes: number; nCtx: number; threads: number; gpu: boolean }): ModelInfo {
  const where = m.gpu ? 'WebGPU' : `${m.threads} CPU thread${m.threads === 1 ? '' : 's'}`;
  return { name: m.name, details: `${formatBytes(m.bytes)} · n_ctx ${m.nCtx} · ${where}`, supportsThinking: false, contextLength: m.nCtx };
}
