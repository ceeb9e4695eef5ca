/**
 * OpenAI and OpenAI-compatible servers (Together, Groq, Fireworks, OpenRouter,
 * Gemini, vLLM, llama.cpp, LM Studio) through the `openai` SDK. Reasoning
 * arrives under different delta fields per server; all of it becomes thinking.
 */
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';
import { lazySdk } from './lazy-sdk';
import type { ErrorContext } from './map-error';
import { getPreset, type OpenAIPreset, type OpenAIPresetId } from './presets';
import { resolvePolicy, type RetryPolicy } from './retry';
import { SdkCalls } from './stream';
import { ThinkTagSplitter } from './think-tags';
import { makeUsage, pageOrigin, trimSlash, withoutCredentials, type Fetch } from './util';

export interface OpenAIProviderOptions {
  preset?: OpenAIPresetId;
  /** Overrides the preset's base URL. */
  baseURL?: string;
  apiKey?: string;
  fetch?: Fetch;
  origin?: string;
  retry?: Partial<RetryPolicy>;
}

/** Servers disagree on the name: vLLM/llama.cpp/DeepSeek `reasoning_content`, OpenRouter/Ollama `reasoning`. */
type ReasoningDelta = { reasoning_content?: string | null; reasoning?: string | null };

const MAX_LISTED_MODELS = 2000;

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…) reject any temperature
 * but the default with a 400; gpt-5-chat is a plain chat model and takes one.
 * Router prefixes (`openai/o3-mini` on OpenRouter) are looked through.
 */
export function acceptsTemperature(model: string): boolean {
  const name = model.toLowerCase().replace(/^.*\//, '');
  if (/^gpt-5(\.\d+)?-chat/.test(name)) return true;
  return !/^(o\d+(-|$)|gpt-5)/.test(name);
}
// The SDK requires a key; local servers ignore whatever we send.
const PLACEHOLDER_KEY = 'no-key';
const loadSdk = lazySdk('the OpenAI client', () => import('openai'));

export class OpenAIProvider implements ChatProvider {
  readonly kind = 'openai' as const;
  readonly endpoint: string;
  readonly preset: OpenAIPreset;
  // Private so that logging or serialising the provider cannot reveal the key.
  #client?: OpenAI;
  readonly #clientOptions: ClientOptions;
  readonly #apiKey?: string;
  readonly #fetch: Fetch;
  readonly #origin?: string;
  readonly #sdk: SdkCalls;

  constructor(opts: OpenAIProviderOptions = {}) {
    this.preset = getPreset(opts.preset);
    const baseURL = trimSlash(opts.baseURL?.trim() || this.preset.baseURL);
    this.endpoint = withoutCredentials(baseURL);
    this.#apiKey = opts.apiKey || undefined;
    this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#origin = opts.origin ?? pageOrigin();
    const policy = resolvePolicy(opts.retry);
    this.#sdk = new SdkCalls({ provider: this.kind, endpoint: this.endpoint, policy, errorContext: (m, phase) => this.errorContext(m, phase) });
    this.#clientOptions = {
      apiKey: this.#apiKey ?? PLACEHOLDER_KEY,
      baseURL,
      dangerouslyAllowBrowser: true,
      fetch: this.#fetch,
      maxRetries: 0,
      // Our own first-byte timeout fires first; this is only a backstop.
      timeout: policy.firstByteTimeoutMs + 5_000,
      organization: null,
      project: null,
    };
  }

  /** The SDK loads on the first call (lazy-sdk.ts); one client per provider after that. */
  private async client(): Promise<OpenAI> {
    if (this.#client) return this.#client;
    const { default: OpenAI } = await loadSdk(this);
    return (this.#client ??= new OpenAI(this.#clientOptions));
  }

  private errorContext(model: string | undefined, phase: ErrorContext['phase']): ErrorContext {
    const origin = this.#origin;
    return {
      provider: 'openai',
      endpoint: this.endpoint,
      model,
      origin,
      phase,
      secrets: [this.#apiKey],
      fetch: this.#fetch,
      probeUrl: `${this.endpoint}/models`,
      corsHint: this.preset.corsHint?.replace('<origin>', origin ?? 'http://localhost:5173'),
    };
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.#sdk.call(signal, async (s) => {
      const out: ModelInfo[] = [];
      for await (const m of (await this.client()).models.list({ signal: s })) {
        out.push({ name: m.id, details: m.owned_by || undefined });
        if (out.length >= MAX_LISTED_MODELS) break;
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    const params = this.body(messages, opts) as unknown as OpenAI.ChatCompletionCreateParamsStreaming;
    return this.#sdk.stream(
      opts.model,
      opts.signal,
      async (signal) => (await this.client()).chat.completions.create(params, { signal }),
      (stream, signal) => this.readStream(stream, messages, opts.model, signal),
    );
  }

  private body(messages: ChatMessage[], opts: ChatOptions): Record<string, unknown> {
    const think = opts.think && opts.think !== 'auto' ? this.preset.thinkParams?.[opts.think] : undefined;
    return {
      model: opts.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      stream_options: { include_usage: true },
      ...(opts.temperature !== undefined && acceptsTemperature(opts.model) ? { temperature: opts.temperature } : {}),
      ...(opts.maxTokens ? { [this.preset.maxTokensParam]: opts.maxTokens } : {}),
      ...think,
    };
  }

  private async *readStream(
    stream: AsyncIterable<ChatCompletionChunk>,
    messages: ChatMessage[],
    model: string,
    signal: AbortSignal,
  ): AsyncGenerator<ChatPart> {
    const split = new ThinkTagSplitter();
    let outChars = 0;
    let finish: string | undefined;
    let usage: ChatCompletionChunk['usage'];
    let served = model;
    for await (const chunk of stream) {
      served = chunk.model || served;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = (choice.delta ?? {}) as ChatCompletionChunk.Choice.Delta & ReasoningDelta;
      const reasoning = delta.reasoning_content || delta.reasoning;
      const pieces = [
        ...(reasoning ? [{ type: 'thinking' as const, text: reasoning }] : []),
        ...(delta.content ? split.push(delta.content) : []),
      ];
      for (const p of pieces) {
        outChars += p.text.length;
        yield p;
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    this.#sdk.checkEnd(signal, !!finish, 'stream ended before the model finished');
    for (const p of split.flush()) {
      outChars += p.text.length;
      yield p;
    }
    const done = makeUsage({ input: usage?.prompt_tokens, output: usage?.completion_tokens }, messages, outChars);
    yield { type: 'done', usage: done, model: served, stopReason: finish };
  }
}
