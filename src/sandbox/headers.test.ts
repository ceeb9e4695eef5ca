import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { boundaryHeaders, ISOLATION_HEADERS, SANDBOX_CSP } from './headers';
import { withBoundaryHeaders } from '../pwa/withHeaders';

describe('the boundary headers', () => {
  test('public/_headers lists the same headers the dev server and the service worker send', () => {
    const text = readFileSync(new URL('../../public/_headers', import.meta.url), 'utf8');
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) expect(text).toContain(`${k}: ${v}`);
    for (const dir of ['/assets/sandbox/*', '/pyodide/*']) {
      expect(text).toMatch(new RegExp(`${dir.replace(/[*/]/g, '\\$&')}\\n  Content-Security-Policy: ${SANDBOX_CSP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });

  test('the CSP goes on the sandbox worker and Pyodide only', () => {
    expect(boundaryHeaders('assets/sandbox/rlm-sandbox-worker-x.js')['Content-Security-Policy']).toBe(SANDBOX_CSP);
    expect(boundaryHeaders('pyodide/pyodide.asm.wasm')['Content-Security-Policy']).toBe(SANDBOX_CSP);
    expect(boundaryHeaders('index.html')['Content-Security-Policy']).toBeUndefined();
    expect(boundaryHeaders('index.html')['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });
});

describe('withBoundaryHeaders (the service worker, at a sub-path)', () => {
  const scope = 'https://someone.github.io/rlm/';
  const plain = () => new Response('x', { status: 200, headers: { 'Content-Type': 'text/javascript', 'X-Kept': '1' } });

  test('a header-less response under the scope gets the headers for its path relative to the scope', async () => {
    const r = withBoundaryHeaders(plain(), scope + 'assets/sandbox/rlm-sandbox-worker-abc.js', scope);
    expect(r.headers.get('Content-Security-Policy')).toBe(SANDBOX_CSP);
    expect(r.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(r.headers.get('X-Kept')).toBe('1');
    expect(await r.text()).toBe('x');
    const page = withBoundaryHeaders(plain(), scope + 'index.html', scope);
    expect(page.headers.get('Content-Security-Policy')).toBeNull();
    expect(page.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  test('a root-level /pyodide/ outside the scope, and other origins, are left alone', () => {
    expect(withBoundaryHeaders(plain(), 'https://someone.github.io/pyodide/pyodide.mjs', scope).headers.get('Content-Security-Policy')).toBeNull();
    expect(withBoundaryHeaders(plain(), 'https://evil.example/rlm/x.js', scope).headers.get('Cross-Origin-Opener-Policy')).toBeNull();
  });
});
