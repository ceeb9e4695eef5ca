/**
 * Ollama through `ollama/browser`. A fresh client per call carries that call's
 * AbortSignal in its fetch: ollama-js only aborts a stream through the
 * iterator's `abort()`, and not at all while it waits for response headers.
 */
import type { Ollama, ChatResponse, AbortableAsyncIterator } from 'ollama/browser';
import { formatBytes } from '../core/format';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ModelInfo } from '../core/types';
import { messagesChars } from '../core/usage';
import { AbortedError, ConnectionError, ContextLengthError, ProviderError, StreamError } from './errors';
import { lazySdk } from './lazy-sdk';
import { isPullStreamError, pullError, pullModel, type PullProgress } from './ollama-pull';
import { toProviderError, type ErrorContext } from './map-error';
import { ThinkTagSplitter } from './think-tags';
import { callWithRetry, resolvePolicy, streamWithRetry, type RetryPolicy } from './retry';
import {
  fetchWithSignal,
  makeUsage,
  normalizeHost,
  pageOrigin,
  untilAborted,
  withoutCredentials,
  type Fetch,
} from './util';

export const OLLAMA_DEFAULT_HOST = 'http://localhost:11434';
const OLLAMA_DEFAULT_NUM_CTX = 131072;
const DEFAULT_TEMPERATURE = 0.6;
/**
 * Chars per token below which no tokenizer goes for text and code: a prompt
 * longer than num_ctx at this rate certainly overflows, and Ollama would
 * silently cut its start instead of failing.
 */
const GENEROUS_CHARS_PER_TOKEN = 5;
const loadSdk = lazySdk('the Ollama client', () => import('ollama/browser'));

export interface OllamaProviderOptions {
  host?: string;
  fetch?: Fetch;
  /** The page origin, for the OLLAMA_ORIGINS advice. */
  origin?: string;
  retry?: Partial<RetryPolicy>;
}

interface ModelCaps {
  thinking: boolean;
  contextLength?: number;
  /** parameter size · family · quantisation, for a model the listing did not show (typed by hand, `:cloud`). */
  details?: string;
}

interface ShowLike {
  capabilities?: string[];
  model_info?: Record<string, unknown>;
  details?: { family?: string; parameter_size?: string; quantization_level?: string };
}

export class OllamaProvider implements ChatProvider {
  readonly kind = 'ollama' as const;
  readonly endpoint: string;
  /** May carry user:pass for a proxied server; only ollama-js sees it. */
  readonly #host: string;
  private readonly baseFetch: Fetch;
  private readonly origin?: string;
  private readonly policy: RetryPolicy;
  /** /api/show answers, fetched lazily (only for models actually used or described). */
  private readonly caps = new Map<string, Promise<ModelCaps>>();

  constructor(opts: OllamaProviderOptions = {}) {
    this.#host = normalizeHost(opts.host, OLLAMA_DEFAULT_HOST);
    this.endpoint = withoutCredentials(this.#host);
    this.baseFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.origin = opts.origin ?? pageOrigin();
    this.policy = resolvePolicy(opts.retry);
  }

  /** ollama-js loads on the first call (lazy-sdk.ts). */
  private async client(signal: AbortSignal, onResponse?: (r: Response) => void): Promise<Ollama> {
    const { Ollama } = await loadSdk(this);
    return new Ollama({ host: this.#host, fetch: fetchWithSignal(this.baseFetch, signal, onResponse) });
  }

  private errorContext(model?: string, phase: ErrorContext['phase'] = 'connect', headers?: Headers): ErrorContext {
    return { provider: 'ollama', endpoint: this.endpoint, model, origin: this.origin, fetch: this.baseFetch, phase, headers };
  }

  private target(signal?: AbortSignal) {
    return { provider: this.kind, endpoint: this.endpoint, signal, policy: this.policy };
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return callWithRetry(async (s) => {
      let headers: Headers | undefined;
      try {
        const { models } = await (await this.client(s, (r) => (headers = r.headers))).list();
        return Promise.all(models.map((m) => this.toModelInfo(m.name, m.size, m.details)));
      } catch (err) {
        throw s.aborted ? err : await toProviderError(err, this.errorContext(undefined, 'connect', headers));
      }
    }, this.target(signal));
  }

  /** /api/show for one model: thinking support and context length. Cached per provider. */
  async describeModel(name: string, signal?: AbortSignal): Promise<ModelInfo> {
    const caps = await callWithRetry((s) => this.capabilities(name, s), this.target(signal));
    return { name, details: caps.details, supportsThinking: caps.thinking, contextLength: caps.contextLength };
  }

  /** `ollama pull` with progress; resolves when the model is installed. No retries: a resend restarts nothing useful. */
  async pull(model: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const s = signal ?? new AbortController().signal;
    let headers: Headers | undefined;
    try {
      await pullModel(await this.client(s, (r) => (headers = r.headers)), model, onProgress, this.endpoint);
    } catch (err) {
      if (s.aborted) throw new AbortedError({ provider: 'ollama', endpoint: this.endpoint, cause: err });
      if (err instanceof ProviderError) throw err;
      if (isPullStreamError(err)) throw pullError(err, model, this.endpoint);
      throw await toProviderError(err, this.errorContext(model, 'connect', headers));
    }
  }

  private async toModelInfo(name: string, size: number, d?: ShowLike['details']): Promise<ModelInfo> {
    const details = [d?.parameter_size, d?.family, d?.quantization_level, size > 0 ? formatBytes(size) : undefined].filter(Boolean).join(' · ');
    // Only what is already known: listing must not cost one /api/show per model.
    const caps = await this.caps.get(name)?.catch(() => undefined);
    return { name, details: details || undefined, supportsThinking: caps?.thinking, contextLength: caps?.contextLength };
  }

  /** Shared by concurrent calls, so it runs on its own deadline; each caller still stops on its own signal. */
  private capabilities(model: string, signal: AbortSignal): Promise<ModelCaps> {
    let p = this.caps.get(model);
    if (!p) {
      p = this.fetchCapabilities(model, AbortSignal.timeout(this.policy.requestTimeoutMs));
      this.caps.set(model, p);
      // A failure (server down, old Ollama) must not stick.
      p.catch(() => this.caps.delete(model));
    }
    return untilAborted(p, signal);
  }

  private async fetchCapabilities(model: string, signal: AbortSignal): Promise<ModelCaps> {
    try {
      const show = (await (await this.client(signal)).show({ model })) as unknown as ShowLike;
      const info = show.model_info ?? {};
      const ctxKey = Object.keys(info).find((k) => k.endsWith('.context_length'));
      const d = show.details;
      const details = [d?.parameter_size, d?.family, d?.quantization_level].filter(Boolean).join(' · ');
      return {
        thinking: show.capabilities?.includes('thinking') ?? false,
        contextLength: ctxKey ? Number(info[ctxKey]) : undefined,
        details: details || undefined,
      };
    } catch (err) {
      throw signal.aborted ? err : await toProviderError(err, this.errorContext(model));
    }
  }

  /** What /api/show says, or undefined when it cannot say (old server, model unknown: /api/chat will tell). */
  private async knownCaps(model: string, signal: AbortSignal): Promise<ModelCaps | undefined> {
    try {
      return await this.capabilities(model, signal);
    } catch (err) {
      // Nobody answering /api/show will not answer /api/chat either: fail once, not twice.
      if (signal.aborted || err instanceof ConnectionError) throw err;
      return undefined;
    }
  }

  /** auto = think when the model can; unknown support (old server) = leave it to Ollama. */
  private thinkFlag(opts: ChatOptions, caps: ModelCaps | undefined): boolean | undefined {
    const mode = opts.think ?? 'auto';
    if (mode === 'on') return true;
    if (mode === 'off') return false;
    return caps?.thinking ? true : undefined;
  }

  /** The asked-for window, capped to what the model was trained for (more only wastes memory). */
  private numCtx(opts: ChatOptions, caps: ModelCaps | undefined): number {
    const asked = opts.numCtx ?? OLLAMA_DEFAULT_NUM_CTX;
    return caps?.contextLength && caps.contextLength > 0 ? Math.min(asked, caps.contextLength) : asked;
  }

  /** Ollama truncates an overlong prompt without a word; say so instead of letting the model answer blind. */
  private checkFits(messages: ChatMessage[], numCtx: number, opts: ChatOptions, caps: ModelCaps | undefined): void {
    const atLeast = Math.floor(messagesChars(messages) / GENEROUS_CHARS_PER_TOKEN);
    if (atLeast <= numCtx) return;
    const max = caps?.contextLength;
    const raise =
      max && max > numCtx
        ? `Raise num_ctx in settings (this model allows up to ${max.toLocaleString('en-US')})`
        : 'Use a model with a larger context window';
    throw new ContextLengthError({
      provider: 'ollama',
      endpoint: this.endpoint,
      detail: `prompt ≥ ${atLeast} tokens, num_ctx ${numCtx}`,
      userMessage: `The conversation (at least ${atLeast.toLocaleString('en-US')} tokens) no longer fits ${opts.model}'s context window of ${numCtx.toLocaleString('en-US')} tokens (num_ctx) at ${this.endpoint}; Ollama would silently drop its beginning. ${raise}, or lower the REPL output limit.`,
    });
  }

  chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    return streamWithRetry((signal) => this.attempt(messages, opts, signal), this.target(opts.signal));
  }

  private async *attempt(messages: ChatMessage[], opts: ChatOptions, signal: AbortSignal): AsyncGenerator<ChatPart> {
    let headers: Headers | undefined;
    let stream: AbortableAsyncIterator<ChatResponse>;
    const caps = await this.knownCaps(opts.model, signal);
    const think = this.thinkFlag(opts, caps);
    const numCtx = this.numCtx(opts, caps);
    this.checkFits(messages, numCtx, opts, caps);
    try {
      stream = await (await this.client(signal, (r) => (headers = r.headers))).chat({
        model: opts.model,
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        ...(think === undefined ? {} : { think }),
        options: {
          num_ctx: numCtx,
          temperature: opts.temperature ?? DEFAULT_TEMPERATURE,
          ...(opts.maxTokens ? { num_predict: opts.maxTokens } : {}),
        },
      });
    } catch (err) {
      throw signal.aborted ? err : await toProviderError(err, this.errorContext(opts.model, 'connect', headers));
    }
    const onAbort = () => stream.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      yield* this.readStream(stream, messages, opts.model);
    } catch (err) {
      throw signal.aborted ? err : await toProviderError(err, this.errorContext(opts.model, 'stream'));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async *readStream(
    stream: AbortableAsyncIterator<ChatResponse>,
    messages: ChatMessage[],
    model: string,
  ): AsyncGenerator<ChatPart> {
    // Older servers and raw templates leave <think>…</think> in the content.
    const split = new ThinkTagSplitter();
    let outChars = 0;
    for await (const chunk of stream) {
      const { thinking, content } = chunk.message ?? {};
      const pieces = [...(thinking ? [{ type: 'thinking' as const, text: thinking }] : []), ...(content ? split.push(content) : [])];
      if (chunk.done) pieces.push(...split.flush());
      for (const p of pieces) {
        outChars += p.text.length;
        yield p;
      }
      if (chunk.done) {
        const usage = makeUsage({ input: chunk.prompt_eval_count, output: chunk.eval_count }, messages, outChars);
        yield { type: 'done', usage, model: chunk.model || model, stopReason: chunk.done_reason || undefined };
        return;
      }
    }
    throw new StreamError({ provider: 'ollama', endpoint: this.endpoint, detail: 'stream ended before done', partial: false });
  }
}
