/**
 * Turns whatever an SDK or fetch threw into our error hierarchy. Duck-typed on
 * purpose: the three SDKs have unrelated classes, and we only need the status,
 * the server's message and the Retry-After header.
 */
import type { ProviderKind } from '../core/types';
import {
  AbortedError,
  AuthError,
  ConnectionError,
  ContextLengthError,
  ModelNotFoundError,
  ProviderError,
  RateLimitError,
  ServerError,
  StreamError,
  TimeoutError,
  redact,
} from './errors';
import type { ConnectionReason } from './advice';
import { parseRetryAfter } from './retry-after';
import type { Fetch } from './util';

export interface ErrorContext {
  provider: ProviderKind;
  endpoint: string;
  model?: string;
  /** The page origin, for CORS advice. */
  origin?: string;
  /** Strings that must never appear in a message (API keys). */
  secrets?: readonly (string | undefined)[];
  /** Used for the no-cors probe that tells "server down" from "CORS refused". */
  fetch?: Fetch;
  /** A URL on the server to probe; defaults to the endpoint. */
  probeUrl?: string;
  /** Preset-specific CORS fix, e.g. vLLM's --allowed-origins. */
  corsHint?: string;
  /** Response headers seen by a fetch wrapper, for SDKs whose errors drop them (ollama-js). */
  headers?: Headers;
  /** 'connect' until response headers arrived, then 'stream'. */
  phase?: 'connect' | 'stream';
  now?: () => number;
}

type Loose = { [k: string]: unknown };

const CONTEXT_RE = /context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|exceeds? the (model'?s? )?context|input length/i;

function isAbortError(err: unknown): boolean {
  const e = err as Loose | null;
  if (!e || typeof e !== 'object') return false;
  return e.name === 'AbortError' || e.name === 'APIUserAbortError' || e.constructor?.name === 'APIUserAbortError';
}

function statusOf(e: Loose): number | undefined {
  const s = e.status ?? e.status_code ?? e.statusCode;
  return typeof s === 'number' && s >= 100 ? s : undefined;
}

/** The server's message: SDK bodies nest it differently, ollama-js puts it in `error`. */
function detailOf(e: Loose): string {
  const body = e.error as Loose | string | undefined;
  if (typeof body === 'string') return body;
  const inner = (body?.error as Loose | undefined) ?? body;
  const msg = inner?.message ?? e.apiMessage ?? e.message;
  return typeof msg === 'string' ? msg : String(err2str(e));
}

function err2str(e: unknown): string {
  try {
    return String(e);
  } catch {
    return 'unknown error';
  }
}

function headerOf(e: Loose, ctx: ErrorContext, name: string): string | null {
  const h = (e.headers as Headers | Record<string, string> | undefined) ?? ctx.headers;
  if (!h) return null;
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name);
  return (h as Record<string, string>)[name] ?? null;
}

function retryAfterOf(e: Loose, ctx: ErrorContext): number | undefined {
  const ms = Number(headerOf(e, ctx, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  return parseRetryAfter(headerOf(e, ctx, 'retry-after'), (ctx.now ?? Date.now)());
}

/** Maps an HTTP status + server message to the matching class. */
export function fromStatus(status: number, detail: string, ctx: ErrorContext, retryAfterMs?: number, cause?: unknown): ProviderError {
  const base = { provider: ctx.provider, endpoint: ctx.endpoint, status, detail, cause };
  if ((status === 401 || status === 403) && ctx.provider === 'ollama') {
    // Ollama has no keys: a 401 means a `:cloud` model on a server that is not signed in to ollama.com.
    return new AuthError({
      ...base,
      userMessage: `${ctx.endpoint} refused ${ctx.model ? `'${ctx.model}'` : 'the request'} (HTTP ${status}${detail ? `: ${detail}` : ''}). Cloud models (names ending in :cloud or -cloud) need that Ollama signed in: run \`ollama signin\` on the machine it runs on.`,
    });
  }
  if (status === 401 || status === 403) return new AuthError(base);
  if (status === 404 && (/model/i.test(detail) || !detail)) {
    return new ModelNotFoundError({ ...base, model: ctx.model ?? '?' });
  }
  if (status === 404) {
    return new ProviderError({
      ...base,
      userMessage: `${ctx.endpoint} answered 404 (${detail}). Check the base URL: OpenAI-compatible servers usually end in /v1.`,
    });
  }
  if (status === 413 || CONTEXT_RE.test(detail)) return new ContextLengthError(base);
  if (status === 429) {
    const quota = /quota|billing|credit|insufficient/i.test(detail);
    return new RateLimitError({
      ...base,
      retryAfterMs,
      retryable: !quota,
      ...(quota ? { userMessage: `${ctx.endpoint} says the account is out of quota or credit: ${detail}` } : {}),
    });
  }
  if (status === 408 || status === 409 || status >= 500) return new ServerError({ ...base, retryable: status !== 501 });
  if (/does not support thinking/i.test(detail)) {
    return new ProviderError({ ...base, userMessage: `${ctx.model ?? 'This model'} cannot think: set Think to auto or off.` });
  }
  return new ProviderError(base);
}

/**
 * A failed fetch looks the same whether the server is down or CORS refused us.
 * A `no-cors` request settles it in a browser: an opaque answer means someone is listening.
 */
async function probeReachability(url: string, fetchFn: Fetch | undefined): Promise<ConnectionReason> {
  if (!fetchFn) return 'unknown';
  try {
    const res = await fetchFn(url, { mode: 'no-cors', signal: AbortSignal.timeout(3000) });
    return res.type === 'opaque' ? 'cors' : 'unknown';
  } catch {
    return 'unreachable';
  }
}

/** Chrome "Failed to fetch", Firefox "NetworkError…", Safari "Load failed", undici "fetch failed", SDK wrappers. */
function isNetworkLike(e: Loose, depth = 0): boolean {
  const name = String(e.name ?? '');
  const ctor = String((e.constructor as { name?: string } | undefined)?.name ?? '');
  const msg = String(e.message ?? '');
  if (name === 'TypeError' || /Connection/.test(name + ctor)) return true;
  if (/fetch|network|load failed|connection error|ECONN|socket|terminated/i.test(msg)) return true;
  const cause = e.cause as Loose | undefined;
  return depth < 3 && !!cause && typeof cause === 'object' && isNetworkLike(cause, depth + 1);
}

function isTimeoutLike(e: Loose): boolean {
  return e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError';
}

export async function toProviderError(err: unknown, ctx: ErrorContext): Promise<ProviderError> {
  if (err instanceof ProviderError) return err;
  const e = (err && typeof err === 'object' ? err : { message: err2str(err) }) as Loose;
  const base = { provider: ctx.provider, endpoint: ctx.endpoint, cause: err };
  if (isAbortError(e)) return new AbortedError(base);
  const detail = redact(detailOf(e), ctx.secrets);
  const status = statusOf(e);
  if (status !== undefined) return fromStatus(status, detail, ctx, retryAfterOf(e, ctx), err);
  if (isTimeoutLike(e)) return new TimeoutError({ ...base, detail, phase: 'first-byte', timeoutMs: 0 });
  if (ctx.phase === 'stream') {
    if (CONTEXT_RE.test(detail)) return new ContextLengthError({ ...base, detail });
    return new StreamError({ ...base, detail, partial: false });
  }
  if (!isNetworkLike(e)) return new ProviderError({ ...base, detail });
  const reason = await probeReachability(ctx.probeUrl ?? ctx.endpoint, ctx.fetch);
  return new ConnectionError({ ...base, detail, reason, origin: ctx.origin, hint: ctx.corsHint });
}
