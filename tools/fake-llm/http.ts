/** Plain node:http plumbing for the fake server: CORS, JSON, bodies, sleeps. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the three SDKs send: `*` would not cover
 * Authorization, and x-stainless-* has no wildcard, so the list is explicit and
 * any requested x-stainless-* / anthropic-* header is echoed on top.
 */
export const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
  'x-stainless-helper-method',
  'x-stainless-helper',
  'openai-organization',
  'openai-project',
  'http-referer',
  'x-title',
  'user-agent',
  'x-fake-fault',
];

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^(x-stainless-|anthropic-)[a-z0-9-]+$/.test(h));
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    Vary: 'Origin',
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': [...new Set([...ALLOWED_HEADERS, ...requested])].join(', '),
    // Retry-After is not CORS-safelisted: without this a page could not honour it.
    'Access-Control-Expose-Headers': 'retry-after, retry-after-ms, request-id, x-request-id',
    'Access-Control-Max-Age': '600',
    ...(req.headers['access-control-request-private-network'] ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
  };
}

/** Lets a COEP require-corp page read our answers. */
export const CORP = { 'Cross-Origin-Resource-Policy': 'cross-origin' };

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (!size) return {};
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return parsed && typeof parsed === 'object' ? parsed : {};
}

/** Resolves after ms, or early (false) when the client goes away. */
export function sleepUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(t);
      res.off('close', onClose);
      resolve(ok);
    };
    const onClose = () => done(false);
    const t = setTimeout(() => done(true), ms);
    res.once('close', onClose);
  });
}

export function writeAll(res: ServerResponse, lines: string[]): void {
  for (const l of lines) if (!res.destroyed) res.write(l);
}
