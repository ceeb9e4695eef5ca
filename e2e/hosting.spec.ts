/**
 * The production build on a static host that sends no headers at all, at a sub-path (/rlm/, as a GitHub Pages
 * project site): the page reports the missing boundary layers until the service worker supplies them (one reload),
 * then works offline with the host gone, and offers a new deployment without reloading by itself.
 * The escape attempts themselves run against this host in the `static` project too (redteam.spec.ts).
 *
 * Run: npx vite build && npx playwright test --project=static e2e/hosting.spec.ts
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../tools/static-server/server';
import { STATIC_PORT } from '../playwright.config';
import { ask, expectSandboxReady, ollamaUrl } from './helpers';

const PREFIX = '/rlm/';
const status = (page: Page) => page.getByTestId('sandbox-status');

async function expectAxeClean(page: Page, testId: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).include(`[data-testid=${testId}]`).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

/** Waits until the service worker controls the page and the page runs with its headers (after the one reload). */
async function expectServiceWorkerHeaders(page: Page): Promise<void> {
  await expect(page.getByTestId('sw-header-reload')).toHaveAttribute('data-phase', 'reloaded', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-csp', 'on', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-isolated', 'true');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Everything precached: the offline part below depends on it.
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!reg.active || !navigator.serviceWorker.controller) throw new Error('no active, controlling service worker');
  });
}

test.describe('static host with no headers, at a sub-path', () => {
  test('before the service worker: the page says which layers are missing and what that means', async ({ browser }) => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const served: Record<string, string | undefined> = {};
    page.on('response', (r) => {
      if (r.url().includes('/assets/sandbox/')) served.csp = r.headers()['content-security-policy'];
    });
    await page.goto(`http://127.0.0.1:${STATIC_PORT}${PREFIX}`);
    await expectSandboxReady(page);
    expect(served.csp, 'the host really sends no CSP').toBeUndefined();
    await expect(status(page)).toHaveAttribute('data-csp', 'off');
    await expect(status(page)).toHaveAttribute('data-isolated', 'false');
    await expect(status(page)).toHaveAttribute('data-bridge', 'jspi');
    await expect(page.getByTestId('sandbox-layers')).toContainText('CSP layer missing');
    await expect(page.getByTestId('sandbox-layers')).toContainText('Stop restarts Python here');
    await page.screenshot({ path: test.info().outputPath('boundary-missing-layer.png') });
    await expectAxeClean(page, 'sandbox-status');
    // Python still runs: the scope layer holds (the escape attempts are in redteam.spec.ts).
    await page.goto(`http://127.0.0.1:${STATIC_PORT}${PREFIX}${ollamaUrl('solver').slice(2)}`);
    await expectSandboxReady(page);
    await ask(page, 'How many primes are there below 100?');
    await expect(page.getByTestId('final-answer')).toContainText('25', { timeout: 60_000 });
    await context.close();
  });

  test('after the service worker takes over: both layers in place and crossOriginIsolated, said on screen', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${STATIC_PORT}${PREFIX}`);
    await expectServiceWorkerHeaders(page);
    await expect(page.getByTestId('sandbox-layers')).toContainText('scope + CSP layers in place');
    await expect(page.getByTestId('sw-header-reload')).toContainText('Reloaded once');
    // Installable: Chromium's own check (manifest, icons, service worker, secure context) finds nothing missing
    // but the profile (a Playwright context is an incognito one, where Chromium never installs).
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await context.close();
  });
});

test.describe('static host: offline and updates', () => {
  let dir: string;
  let server: StaticServer | null = null;
  test.beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rlm-build-'));
    cpSync('dist', dir, { recursive: true });
  });
  test.afterEach(async () => {
    await server?.close();
    server = null;
    rmSync(dir, { recursive: true, force: true });
  });

  test('static host gone: reload, run an RLM against the fake LLM, history, export and the benchmark tab', async ({ browser }) => {
    const port = STATIC_PORT + 1;
    server = await startStaticServer({ dir, prefix: PREFIX, port });
    const context = await browser.newContext();
    const page = await context.newPage();
    const app = `http://127.0.0.1:${port}${PREFIX}`;
    await page.goto(app + ollamaUrl('solver').slice(2));
    await expectServiceWorkerHeaders(page);
    await server.close();
    server = null;
    expect(await fetch(app).then(() => 'up', () => 'down'), 'the host is really gone').toBe('down');

    await page.reload();
    await expectSandboxReady(page);
    await expect(status(page)).toHaveAttribute('data-csp', 'on');
    await ask(page, 'How many primes are there below 1000?');
    await expect(page.getByTestId('final-answer')).toContainText('168', { timeout: 60_000 });
    await expect(page.getByTestId('history-item')).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath('offline-run.png') });
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    expect(readFileSync(await (await download).path(), 'utf8')).toContain('168');
    await page.getByTestId('tab-bench').click();
    await expect(page.getByRole('tabpanel', { name: 'Benchmark' })).toBeVisible();
    await context.close();
  });

  test('static host, a new deployment: the update prompt appears, nothing reloads by itself, Reload switches', async ({ browser }) => {
    const port = STATIC_PORT + 2;
    server = await startStaticServer({ dir, prefix: PREFIX, port });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}${PREFIX}`);
    await expectServiceWorkerHeaders(page);
    deployBuildB(dir);
    let loads = 0;
    page.on('load', () => loads++);
    await page.reload(); // a visit: the browser checks sw.js and finds build B
    await expect(page.getByTestId('update-prompt')).toContainText('A new version is available — Reload', { timeout: 60_000 });
    expect(await page.locator('meta[name="rlm-build"]').count(), 'still build A until the user says so').toBe(0);
    await page.waitForTimeout(1000);
    expect(loads, 'no reload by itself').toBe(1);
    page.removeAllListeners('load');
    await page.screenshot({ path: test.info().outputPath('update-prompt.png') });
    await expectAxeClean(page, 'update-prompt');
    // Never during a run: a run paused in step mode holds the button until it ends.
    await page.goto(`http://127.0.0.1:${port}${PREFIX}${ollamaUrl('solver', '&stepMode=1').slice(2)}`);
    await expectSandboxReady(page);
    await ask(page, 'How many primes are there below 100?');
    await expect(page.getByTestId('step-panel')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('update-reload')).toBeDisabled();
    await expect(page.getByTestId('update-reload')).toHaveText('Reload (after this run)');
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 10_000 });
    await expect(page.getByTestId('update-reload')).toBeEnabled();
    expect(await page.locator('meta[name="rlm-build"]').count(), 'still build A').toBe(0);
    await page.getByTestId('update-reload').click();
    await expect(page.locator('meta[name="rlm-build"]')).toHaveAttribute('content', 'B', { timeout: 30_000 });
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    await context.close();
  });
});

/** Turns the copied build into a later deployment: a changed index.html, and the precache revision that says so
 * (what `vite build` writes into sw.js when index.html changes). */
function deployBuildB(dir: string): void {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const indexPath = path.join(dir, 'index.html');
  const before = readFileSync(indexPath, 'utf8');
  const after = before.replace('<head>', '<head>\n    <meta name="rlm-build" content="B" />');
  writeFileSync(indexPath, after);
  const swPath = path.join(dir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const old = md5(before);
  expect(sw, 'sw.js lists index.html by its md5').toContain(old);
  writeFileSync(swPath, sw.replace(old, md5(after)));
}
