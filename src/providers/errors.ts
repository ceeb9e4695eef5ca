/**
 * The one error vocabulary every provider maps into, so the engine and the UI
 * never see SDK-specific classes. `userMessage` is what a person reads: it
 * names the address tried and says what to do. Nothing here may contain an
 * API key: messages are built from our own words plus redacted server text.
 */
import type { ProviderKind } from '../core/types';
import { connectionAdvice, type ConnectionReason } from './advice';

export type ProviderErrorCode =
  | 'connection'
  | 'auth'
  | 'rate_limit'
  | 'server'
  | 'model_not_found'
  | 'context_length'
  | 'timeout'
  | 'aborted'
  | 'stream'
  | 'request';

export interface ProviderErrorInit {
  provider: ProviderKind;
  endpoint: string;
  status?: number;
  retryable?: boolean;
  userMessage?: string;
  /** The server's own words, already redacted. */
  detail?: string;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly code: ProviderErrorCode = 'request';
  readonly provider: ProviderKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly userMessage: string;
  readonly detail?: string;

  constructor(init: ProviderErrorInit) {
    const user = init.userMessage ?? `The request to ${init.endpoint} failed${init.detail ? `: ${init.detail}` : '.'}`;
    super(init.detail ? `${init.provider}${init.status ? ` ${init.status}` : ''}: ${init.detail}` : user, {
      cause: init.cause,
    });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
    this.userMessage = user;
    this.detail = init.detail;
  }

  /** Safe to log or persist: no cause chain (SDK objects may carry request details). */
  toJSON(): Record<string, unknown> {
    const { name, code, provider, endpoint, status, retryable, userMessage, detail } = this;
    return { name, code, provider, endpoint, status, retryable, userMessage, detail };
  }
}

export class ConnectionError extends ProviderError {
  override readonly code = 'connection' as const;
  // Explicit because minifiers rename classes.
  override readonly name = 'ConnectionError';
  readonly reason: ConnectionReason;
  constructor(init: ProviderErrorInit & { reason: ConnectionReason; origin?: string; hint?: string }) {
    super({
      retryable: init.reason !== 'cors',
      ...init,
      userMessage: init.userMessage ?? connectionAdvice(init.provider, init.endpoint, init.reason, init.origin, init.hint),
    });
    this.reason = init.reason;
  }
}

export class AuthError extends ProviderError {
  override readonly code = 'auth' as const;
  override readonly name = 'AuthError';
  constructor(init: ProviderErrorInit) {
    super({
      ...init,
      retryable: false,
      userMessage:
        init.userMessage ??
        `${init.endpoint} rejected the API key (HTTP ${init.status ?? 401}${init.detail ? `: ${init.detail}` : ''}). Check the key in the provider settings, and that it has access to this model.`,
    });
  }
}

export class RateLimitError extends ProviderError {
  override readonly code = 'rate_limit' as const;
  override readonly name = 'RateLimitError';
  readonly retryAfterMs?: number;
  constructor(init: ProviderErrorInit & { retryAfterMs?: number }) {
    const wait = init.retryAfterMs !== undefined ? ` It asked to wait ${Math.ceil(init.retryAfterMs / 1000)} s.` : '';
    super({
      retryable: true,
      ...init,
      status: init.status ?? 429,
      userMessage: init.userMessage ?? `${init.endpoint} is rate-limiting requests (HTTP 429).${wait} Lower the sub-call concurrency or try again later.`,
    });
    this.retryAfterMs = init.retryAfterMs;
  }
}

export class ServerError extends ProviderError {
  override readonly code = 'server' as const;
  override readonly name = 'ServerError';
  constructor(init: ProviderErrorInit) {
    const logs = init.provider === 'ollama' ? ' Check the Ollama server log (Linux: `journalctl -u ollama`).' : '';
    super({
      retryable: true,
      ...init,
      userMessage:
        init.userMessage ??
        `${init.endpoint} had an internal error (HTTP ${init.status ?? 500})${init.detail ? `: ${init.detail}` : ''}.${logs} Try again in a moment.`,
    });
  }
}

export class ModelNotFoundError extends ProviderError {
  override readonly code = 'model_not_found' as const;
  override readonly name = 'ModelNotFoundError';
  readonly model: string;
  constructor(init: ProviderErrorInit & { model: string }) {
    const fix =
      init.provider === 'ollama'
        ? `Download it with \`ollama pull ${init.model}\`, or pick an installed model.`
        : 'Pick a model from the list this endpoint reports.';
    super({
      ...init,
      retryable: false,
      status: init.status ?? 404,
      userMessage: init.userMessage ?? `Model '${init.model}' is not available at ${init.endpoint}. ${fix}`,
    });
    this.model = init.model;
  }
}

export class ContextLengthError extends ProviderError {
  override readonly code = 'context_length' as const;
  override readonly name = 'ContextLengthError';
  constructor(init: ProviderErrorInit) {
    const ollama = init.provider === 'ollama' ? ' raise num_ctx if the model allows it,' : '';
    super({
      ...init,
      retryable: false,
      userMessage:
        init.userMessage ??
        `The conversation no longer fits the model's context window (${init.endpoint}). Lower the REPL output limit,${ollama} or use a model with a larger window.`,
    });
  }
}

export type TimeoutPhase = 'first-byte' | 'idle' | 'request';

export class TimeoutError extends ProviderError {
  override readonly code = 'timeout' as const;
  override readonly name = 'TimeoutError';
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  constructor(init: ProviderErrorInit & { phase: TimeoutPhase; timeoutMs: number }) {
    const secs = init.timeoutMs > 0 ? `${Math.max(1, Math.round(init.timeoutMs / 1000))} s` : undefined;
    const what =
      init.phase === 'idle'
        ? `stopped sending output${secs ? ` for ${secs}` : ''}`
        : `did not answer ${secs ? `within ${secs}` : 'in time'}`;
    const local = init.provider === 'ollama' ? ' A local model may still be loading or processing a long prompt.' : '';
    super({
      ...init,
      retryable: false,
      userMessage: init.userMessage ?? `${init.endpoint} ${what}.${local} Raise the timeout in settings or try a smaller model.`,
    });
    this.phase = init.phase;
    this.timeoutMs = init.timeoutMs;
  }
}

export class AbortedError extends ProviderError {
  override readonly code = 'aborted' as const;
  override readonly name = 'AbortedError';
  constructor(init: ProviderErrorInit) {
    super({ ...init, retryable: false, userMessage: init.userMessage ?? 'Stopped.' });
  }
}

export class StreamError extends ProviderError {
  override readonly code = 'stream' as const;
  override readonly name = 'StreamError';
  /** true when some of the answer had already been delivered (so it was not retried). */
  readonly partial: boolean;
  constructor(init: ProviderErrorInit & { partial: boolean }) {
    super({
      retryable: !init.partial,
      ...init,
      userMessage:
        init.userMessage ??
        `The connection to ${init.endpoint} was cut while the model was answering${init.detail ? ` (${init.detail})` : ''}. Try again.`,
    });
    this.partial = init.partial;
  }
}

/** Replaces every occurrence of a secret (API key) and any bearer token in text from a server. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, 'Bearer [redacted]');
}
