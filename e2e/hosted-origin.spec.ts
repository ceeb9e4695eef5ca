/**
 * A page served from an origin stock Ollama does not trust (here a second
 * loopback address, 127.0.0.2, standing in for a hosted copy) against a fake
 * Ollama that refuses origins exactly as Ollama does: a bare 403 with no CORS
 * headers. The page must name the OLLAMA_ORIGINS value for its own origin,
 * and list the models once that origin is allowed (after the "restart").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { PREVIEW_PORT } from '../playwright.config';
import { OLLAMA_DEFAULT_ORIGINS } from '../tools/fake-llm/origins';
import { createFakeLlmServer, type FakeLlmServer } from '../tools/fake-llm/server';

// Its own address, same port: it cannot collide with the 127.0.0.1 preview the config starts.
const HOSTED = `http://127.0.0.2:${PREVIEW_PORT}`;
let preview: ChildProcess;
let ollama: FakeLlmServer;

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.beforeAll(async () => {
  preview = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.2', '--port', String(PREVIEW_PORT), '--strictPort'], {
    stdio: 'ignore',
  });
  await waitForHttp(HOSTED, 60_000);
  ollama = await createFakeLlmServer({ allowedOrigins: OLLAMA_DEFAULT_ORIGINS });
});

test.afterAll(async () => {
  await ollama?.close();
  preview?.kill();
});

const settingsUrl = (base: string) => `${base}/?provider=ollama&host=${encodeURIComponent(ollama.url)}&model=solver`;

test('a page Ollama does not trust gets OLLAMA_ORIGINS for its own origin; once allowed, the models list', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: HOSTED });
  await page.goto(settingsUrl(HOSTED));
  const env = await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated, subtle: !!crypto.subtle }));
  test.info().annotations.push({ type: '127.0.0.2 page', description: JSON.stringify(env) });

  const err = page.getByTestId('connection-error');
  await expect(err).toContainText(`refuses requests from this page (${HOSTED})`, { timeout: 20_000 });
  await expect(err).toContainText('403 Forbidden without CORS headers');
  const value = `OLLAMA_ORIGINS=${HOSTED}`;
  const command = err.getByTestId('advice-command').filter({ hasText: new RegExp(`^${value.replace(/[.:/]/g, '\\$&')}$`) });
  await expect(command).toHaveCount(1);
  await expect(err.getByTestId('advice-command').filter({ hasText: `Environment="${value}"` })).toHaveCount(1);
  await expect(err.getByTestId('advice-command').filter({ hasText: `setx OLLAMA_ORIGINS "${HOSTED}"` })).toHaveCount(1);
  await expect(err.getByTestId('advice-command').filter({ hasText: `launchctl setenv OLLAMA_ORIGINS "${HOSTED}"` })).toHaveCount(1);
  await err.screenshot({ path: test.info().outputPath('hosted-origin-advice.png') });
  await command.locator('..').getByTestId('copy-command').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  expect(ollama.stats.refusedOrigins).toContain(HOSTED);

  // What the advice says to do: Ollama restarted with this origin in OLLAMA_ORIGINS.
  const port = ollama.port;
  await ollama.close();
  ollama = await createFakeLlmServer({ port, allowedOrigins: [HOSTED, ...OLLAMA_DEFAULT_ORIGINS] });
  await err.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('connection-status')).toContainText('Connected', { timeout: 20_000 });
  await expect(page.getByTestId('model-select')).toHaveValue('solver');
  expect(ollama.stats.refusedOrigins).toEqual([]);
});

test('the same strict Ollama accepts a page on 127.0.0.1 with no setup', async ({ page }) => {
  await page.goto(settingsUrl(''));
  await expect(page.getByTestId('connection-status')).toContainText('Connected', { timeout: 20_000 });
  await expect(page.getByTestId('connection-error')).toHaveCount(0);
});

test('nothing answering: the hosted page still leads with OLLAMA_ORIGINS, then a stopped server', async ({ page }) => {
  const gone = await createFakeLlmServer();
  const url = gone.url;
  await gone.close();
  await page.goto(`${HOSTED}/?provider=ollama&host=${encodeURIComponent(url)}&model=solver`);
  const err = page.getByTestId('connection-error');
  await expect(err).toContainText(`Could not reach Ollama at ${url} from this page (${HOSTED})`, { timeout: 20_000 });
  const text = (await err.textContent()) ?? '';
  expect(text.indexOf(`OLLAMA_ORIGINS=${HOSTED}`)).toBeGreaterThan(0);
  expect(text.indexOf('ollama serve')).toBeGreaterThan(text.indexOf(`OLLAMA_ORIGINS=${HOSTED}`));
  // A page on a loopback address is not a public page: Chrome's Local Network Access does not apply.
  expect(text).not.toContain('local network');
});
