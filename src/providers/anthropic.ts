/**
 * Anthropic Messages API through `@anthropic-ai/sdk`, streamed as raw events
 * so text and thinking deltas map straight onto our parts.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ClientOptions } from '@anthropic-ai/sdk';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';
import { lazySdk } from './lazy-sdk';
import type { ErrorContext } from './map-error';
import { resolvePolicy, type RetryPolicy } from './retry';
import { SdkCalls } from './stream';
import { makeUsage, pageOrigin, trimSlash, type Fetch } from './util';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;
/** The API's minimum thinking budget. */
const MIN_THINKING_BUDGET = 1024;
const loadSdk = lazySdk('the Anthropic client', () => import('@anthropic-ai/sdk'));

export interface AnthropicProviderOptions {
  apiKey?: string;
  baseURL?: string;
  fetch?: Fetch;
  origin?: string;
  retry?: Partial<RetryPolicy>;
}

type Turn = { role: 'user' | 'assistant'; content: string };

/** System messages go to `system`; neighbours with the same role are merged because the API wants alternation. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string; turns: Turn[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const last = turns[turns.length - 1];
    if (last?.role === m.role) last.content += `\n\n${m.content}`;
    else turns.push({ role: m.role, content: m.content });
  }
  return { system: system.length ? system.join('\n\n') : undefined, turns };
}

/** Thinking needs budget ≥ 1024 and < max_tokens, and forbids a custom temperature. */
export function thinkingParams(opts: ChatOptions): Record<string, unknown> {
  const maxTokens = opts.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  if (opts.think !== 'on') {
    return { max_tokens: maxTokens, ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}) };
  }
  const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(maxTokens / 2));
  return { max_tokens: Math.max(maxTokens, budget + MIN_THINKING_BUDGET), thinking: { type: 'enabled', budget_tokens: budget } };
}

export class AnthropicProvider implements ChatProvider {
  readonly kind = 'anthropic' as const;
  readonly endpoint: string;
  #client?: Anthropic;
  readonly #clientOptions: ClientOptions;
  readonly #apiKey?: string;
  readonly #fetch: Fetch;
  readonly #origin?: string;
  readonly #sdk: SdkCalls;

  constructor(opts: AnthropicProviderOptions = {}) {
    this.endpoint = trimSlash(opts.baseURL?.trim() || ANTHROPIC_DEFAULT_BASE_URL);
    this.#apiKey = opts.apiKey || undefined;
    this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#origin = opts.origin ?? pageOrigin();
    const policy = resolvePolicy(opts.retry);
    this.#sdk = new SdkCalls({ provider: this.kind, endpoint: this.endpoint, policy, errorContext: (m, phase) => this.errorContext(m, phase) });
    this.#clientOptions = {
      // null (not undefined) keeps the SDK from reading ANTHROPIC_API_KEY from the environment.
      apiKey: this.#apiKey ?? null,
      baseURL: this.endpoint,
      dangerouslyAllowBrowser: true,
      fetch: this.#fetch,
      maxRetries: 0,
      timeout: policy.firstByteTimeoutMs + 5_000,
    };
  }

  /** The SDK loads on the first call (lazy-sdk.ts); one client per provider after that. */
  private async client(): Promise<Anthropic> {
    if (this.#client) return this.#client;
    const { default: Anthropic } = await loadSdk(this);
    return (this.#client ??= new Anthropic(this.#clientOptions));
  }

  private errorContext(model: string | undefined, phase: ErrorContext['phase']): ErrorContext {
    return {
      provider: 'anthropic',
      endpoint: this.endpoint,
      model,
      origin: this.#origin,
      phase,
      secrets: [this.#apiKey],
      fetch: this.#fetch,
    };
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.#sdk.call(signal, async (s) => {
      const out: ModelInfo[] = [];
      for await (const m of (await this.client()).models.list({ limit: 100 }, { signal: s })) {
        out.push({ name: m.id, details: m.display_name || undefined });
      }
      return out;
    });
  }

  chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    const { system, turns } = toAnthropicMessages(messages);
    const params = { model: opts.model, messages: turns, stream: true, ...(system ? { system } : {}), ...thinkingParams(opts) };
    return this.#sdk.stream(
      opts.model,
      opts.signal,
      async (signal) => (await this.client()).messages.create(params as unknown as Anthropic.MessageCreateParamsStreaming, { signal }),
      (stream, signal) => this.readStream(stream, messages, opts.model, signal),
    );
  }

  private async *readStream(
    stream: AsyncIterable<Anthropic.RawMessageStreamEvent>,
    messages: ChatMessage[],
    model: string,
    signal: AbortSignal,
  ): AsyncGenerator<ChatPart> {
    let input: number | undefined;
    let output: number | undefined;
    let stopReason: string | undefined;
    let served = model;
    let outChars = 0;
    let stopped = false;
    for await (const ev of stream) {
      if (ev.type === 'message_start') {
        served = ev.message.model || served;
        input = sumInput(ev.message.usage);
        output = ev.message.usage?.output_tokens ?? output;
      } else if (ev.type === 'content_block_delta') {
        const d = ev.delta;
        const part: { type: 'text' | 'thinking'; text: string } | undefined =
          d.type === 'text_delta' && d.text ? { type: 'text', text: d.text }
          : d.type === 'thinking_delta' && d.thinking ? { type: 'thinking', text: d.thinking }
          : undefined;
        if (part) {
          outChars += part.text.length;
          yield part;
        }
      } else if (ev.type === 'message_delta') {
        stopReason = ev.delta.stop_reason ?? stopReason;
        output = ev.usage?.output_tokens ?? output;
        input = sumInput(ev.usage) ?? input;
      } else if (ev.type === 'message_stop') {
        stopped = true;
      }
    }
    this.#sdk.checkEnd(signal, stopped, 'stream ended before message_stop');
    const usage = makeUsage({ input, output }, messages, outChars);
    yield { type: 'done', usage, model: served, stopReason };
  }
}

/** Input tokens are split three ways once prompt caching is involved. */
function sumInput(u: { input_tokens?: number | null; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null } | null | undefined): number | undefined {
  if (!u || u.input_tokens == null) return undefined;
  return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}
