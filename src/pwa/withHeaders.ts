import { boundaryHeaders } from '../sandbox/headers';

/**
 * `response` with the boundary headers for `url` (COOP/COEP everywhere, the sandbox CSP on the worker and Pyodide),
 * replacing whatever the host sent for those names. Opaque and error responses are passed through untouched.
 */
export function withBoundaryHeaders(response: Response, url: string, scope: string): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  if (!url.startsWith(scope)) return response;
  const rel = new URL(url).pathname.slice(new URL(scope).pathname.length);
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(boundaryHeaders(rel))) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
