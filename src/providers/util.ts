/** Small helpers shared by the providers. */
import type { ChatMessage, Usage } from '../core/types';
import { estimateUsage } from '../core/usage';

export type Fetch = typeof fetch;

/** Reported counts when the server gave them, otherwise the engine's own estimate (core/usage.ts), marked as such. */
export function makeUsage(
  reported: { input?: number | null; output?: number | null },
  messages: readonly ChatMessage[],
  outputChars: number,
): Usage {
  const guess = estimateUsage(messages, outputChars);
  const input = reported.input ?? undefined;
  const output = reported.output ?? undefined;
  return {
    inputTokens: input ?? guess.inputTokens,
    outputTokens: output ?? guess.outputTokens,
    estimated: input === undefined || output === undefined,
  };
}

/** A fetch that also aborts with `signal`, whatever signal the SDK passes itself. */
export function fetchWithSignal(base: Fetch, signal: AbortSignal, onResponse?: (r: Response) => void): Fetch {
  return async (input, init) => {
    const own = init?.signal;
    const merged = own ? AbortSignal.any([own, signal]) : signal;
    const res = await base(input, { ...init, signal: merged });
    onResponse?.(res);
    return res;
  };
}

/** The page's origin, for CORS advice; undefined outside a browser. */
export function pageOrigin(): string | undefined {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : undefined;
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * An Ollama host as ollama-js (and OLLAMA_HOST) reads it: `gpu-box` →
 * `http://gpu-box:11434`, `gpu-box:8080` → `http://gpu-box:8080`, `:11500` →
 * `http://127.0.0.1:11500`; an explicit scheme without a port means that
 * scheme's port (`https://x` → `https://x:443`, `http://x` → `http://x:80`).
 * One difference, on purpose: a typed `:80`/`:443` without a scheme is kept
 * (ollama-js loses it because URL drops default ports, and reads 11434).
 * Text that is no URL at all comes back scheme-prefixed, so the connection
 * error names what was typed.
 */
export function normalizeHost(host: string | undefined, fallback: string): string {
  let h = (host ?? '').trim() || fallback;
  let explicit = h.includes('://');
  if (h.startsWith(':')) {
    h = `http://127.0.0.1${h}`;
    explicit = true;
  }
  if (!explicit) h = `http://${h}`;
  let url: URL;
  try {
    url = new URL(h);
  } catch {
    return trimSlash(h);
  }
  const typedPort = !explicit && /^[^/]*:(\d+)(?:\/|$)/.exec(h.slice('http://'.length).replace(/^.*@/, ''))?.[1];
  const port = url.port || typedPort || (!explicit ? OLLAMA_DEFAULT_PORT : url.protocol === 'https:' ? '443' : '80');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return trimSlash(`${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`);
}

const OLLAMA_DEFAULT_PORT = '11434';

/** `http://user:pass@host` → `http://host`: credentials in a URL must not reach messages or logs. */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return trimSlash(u.toString());
  } catch {
    return url;
  }
}

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** Waits for `p`, but rejects as soon as `signal` aborts (p keeps running for its other waiters). */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * Whether typed text could be a server address yet: a name (`gpu-box`, `ollama.example.com`), a whole IPv4 address,
 * a bracketed IPv6 one, or `:port`; an optional http(s) scheme, port and path. Half-typed text (`http:/`,
 * `127.0.0`, `host:`) is not, so no request goes out for it. Empty is the default host.
 */
export function plausibleHost(typed: string): boolean {
  const h = typed.trim();
  if (!h || /^:\d{1,5}$/.test(h)) return true;
  const m = /^(?:https?:\/\/)?(?:[^@/\s]+@)?(\[[0-9a-f:.]+\]|[^/:?#\s[\]]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(h);
  if (!m) return false;
  const [, name, port] = m;
  if (port !== undefined && Number(port) > 65535) return false;
  if (name.startsWith('[')) return true;
  // `http` alone is a scheme being typed, not the machine called "http".
  if (/^https?$/i.test(name) && !h.includes('://')) return false;
  if (/^[\d.]+$/.test(name)) return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) && name.split('.').every((n) => Number(n) <= 255);
  return name.split('.').every((l) => LABEL.test(l));
}
