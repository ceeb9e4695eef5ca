/**
 * The in-page model, every part real: the tiny GGUF written by tools/gguf loads through wllama, llama.cpp generates
 * its one reply (a ```repl block), Pyodide runs it on the dropped file and the run shows the right answer.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tinyModel } from '../tools/gguf/tiny-model';
import { ask, dropText, expectSandboxReady } from './helpers';

const SHOTS = process.env.E2E_SHOTS ?? 'test-results/shots';
const MODEL_PATH = '/test-models/rlm-tiny.gguf';
const REPLY = { name: 'rlm-tiny.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from(tinyModel('reply')) };
const BABBLE = { name: 'rlm-babble.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from(tinyModel('babble')) };

test.beforeAll(() => {
  // The preview server serves dist/ as it is on disk, so the model written here is a plain URL on our origin.
  mkdirSync('dist/test-models', { recursive: true });
  writeFileSync(`dist${MODEL_PATH}`, tinyModel('reply'));
});

const status = (page: Page) => page.getByTestId('inpage-model-status');

async function openInpage(page: Page) {
  await page.goto('/?provider=inpage');
  await expect(status(page)).toHaveAttribute('data-state', 'idle');
}

test('a model from a file runs an RLM on a dropped file: llama.cpp writes the code, Pyodide runs it', async ({ page }) => {
  await openInpage(page);
  await page.getByTestId('inpage-model-file').setInputFiles(REPLY);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(status(page)).toContainText('rlm-tiny.gguf');
  await expect(page.getByTestId('inpage-threads')).toContainText('CPU thread');
  await expect(page.getByTestId('model-select')).toHaveValue('rlm-tiny.gguf');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/inpage-picker.png`, fullPage: true });
  await expectSandboxReady(page);
  await dropText(page, 'notes.txt', 'one\ntwo\nthree\nfour\nfive\n');
  await ask(page, 'How many lines has the file?');
  await expect(page.getByTestId('final-answer')).toContainText('The context has 5 lines.', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
  await page.screenshot({ path: `${SHOTS}/inpage-run.png`, fullPage: true });
});

test('a model from a URL is kept in the browser: the second load makes no request; delete removes it', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => r.url().includes(MODEL_PATH) && requests.push(r.method()));
  // The first answer waits a moment, so the download state can be seen (and pictured).
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(`**${MODEL_PATH}`, async (route) => (await held, route.continue()));
  await openInpage(page);
  await page.getByTestId('inpage-model-url').fill(MODEL_PATH.slice(1));
  await page.getByTestId('inpage-model-load').click();
  await expect(status(page)).toHaveAttribute('data-state', 'downloading');
  await expect(page.getByTestId('inpage-download-cancel')).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/inpage-download.png`, fullPage: true });
  release();
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.unroute(`**${MODEL_PATH}`);
  expect(requests.length).toBe(1);
  await expect(page.getByTestId('inpage-stored-model')).toHaveCount(1);
  await expect(page.getByTestId('inpage-stored-model')).toContainText('257 KB');
  await expect(page.getByTestId('inpage-storage')).toContainText('This site uses');

  await page.reload();
  await expect(status(page)).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('inpage-model-url').fill(MODEL_PATH.slice(1));
  await page.getByTestId('inpage-model-load').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(status(page)).toContainText('loaded from cache');
  expect(requests.length).toBe(1);

  await page.getByTestId('inpage-stored-delete').click();
  await expect(page.getByTestId('inpage-stored-model')).toHaveCount(0);
});

test('Stop ends generation at once, and the model still answers afterwards', async ({ page }) => {
  await openInpage(page);
  await page.getByTestId('inpage-model-file').setInputFiles(BABBLE);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expectSandboxReady(page);
  await ask(page, 'Say something long');
  // The babble model talks until its 8192-token window is full: many seconds on one thread.
  await page.waitForTimeout(1500);
  const t0 = Date.now();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThan(5_000);
  // The lane was released: a new model loads and answers.
  await page.getByTestId('inpage-model-file').setInputFiles(REPLY);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await ask(page, 'How many lines?');
  await expect(page.getByTestId('final-answer')).toContainText('The context has', { timeout: 60_000 });
});

test('a file that is not a GGUF is refused with a clear message, and a real model still loads after', async ({ page }) => {
  await openInpage(page);
  await page.getByTestId('inpage-model-file').setInputFiles({ name: 'notes.gguf', mimeType: 'text/plain', buffer: Buffer.from('just some text') });
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(status(page)).toContainText('notes.gguf is not a GGUF model file');
  await page.getByTestId('inpage-model-file').setInputFiles(REPLY);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});

test('a model larger than the storage quota is refused before it is downloaded', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.storage.estimate = async () => ({ usage: 0, quota: 100_000 });
  });
  await openInpage(page);
  await page.getByTestId('inpage-model-url').fill(MODEL_PATH.slice(1));
  await page.getByTestId('inpage-model-load').click();
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(status(page)).toContainText('rlm-tiny.gguf is larger than the 100 KB this browser still lets the page store');
  await expect(page.getByTestId('inpage-stored-model')).toHaveCount(0);
});

test('step mode pauses before the in-page model\'s block, and a follow-up in the same session answers too', async ({ page }) => {
  await page.goto('/?provider=inpage&stepMode=1');
  await page.getByTestId('inpage-model-file').setInputFiles(REPLY);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expectSandboxReady(page);
  await dropText(page, 'three.txt', 'a\nb\nc\n');
  await ask(page, 'How many lines?');
  await expect(page.getByTestId('step-panel')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('code-editor')).toHaveValue(/len\(context\.splitlines\(\)\)/);
  await page.getByTestId('step-run').click();
  await expect(page.getByTestId('final-answer')).toContainText('The context has 3 lines.', { timeout: 60_000 });
  await page.getByTestId('step-mode').uncheck();
  await ask(page, 'And now?');
  await expect(page.getByTestId('final-answer')).toContainText('The context has 3 lines.', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
});

test('a full context window ends the call with a message saying so, not a hang', async ({ page }) => {
  await openInpage(page);
  await page.getByTestId('inpage-nctx').fill('2048');
  await page.getByTestId('inpage-model-file').setInputFiles(BABBLE);
  await expect(status(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(status(page)).toContainText('n_ctx 2048');
  await expect(page.getByTestId('inpage-nctx-warning')).toBeVisible();
  await expectSandboxReady(page);
  await ask(page, 'Talk');
  await expect(page.getByTestId('run-failure')).toContainText('context window (n_ctx 2048 tokens) is full', { timeout: 90_000 });
});
