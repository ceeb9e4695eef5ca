/**
 * Each network fault the fake server can stage, seen from the page: retried
 * where that is safe (429 with Retry-After, 5xx, a cut before the first
 * token), reported clearly where it is not (timeout, a cut mid-answer, CORS,
 * a missing model), estimated usage marked, and Stop cancelling every
 * request in flight.
 */
import { expect, test, type Page } from '@playwright/test';
import { makeNiah } from '../src/bench/niah';
import { createFakeLlmServer } from '../tools/fake-llm/server';
import { anthropicUrl, ask, dropText, expectSandboxReady, FAKE, fakeStats, ollamaUrl, openaiUrl, resetFake, solveNiah } from './helpers';
import { PREVIEW_PORT } from '../playwright.config';

const task = makeNiah(23, 3_000);
const ORIGIN = `http://127.0.0.1:${PREVIEW_PORT}`;

test.beforeEach(async () => {
  await resetFake();
});

async function arithmetic(page: Page, url: string) {
  await page.goto(url);
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
}

for (const [family, url] of [
  ['Ollama', ollamaUrl('solver@429')],
  ['OpenAI-compatible', openaiUrl('solver@429')],
] as const) {
  test(`429 through ${family}: waits out Retry-After, then succeeds`, async ({ page }) => {
    await arithmetic(page, url);
    await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
    const times = (await fakeStats()).times['solver@429'];
    expect(times.length).toBeGreaterThan(1);
    // The server said "Retry-After: 1": the second attempt came no sooner (small clock slack).
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(times[1] - times[0]).toBeLessThan(5_000);
  });
}

test('500 through Anthropic is retried with backoff and the run completes', async ({ page }) => {
  await page.goto(anthropicUrl('solver@500x2'));
  await page.getByTestId('api-key-input').fill('sk-ant-faults');
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  const times = (await fakeStats()).times['solver@500x2'];
  expect(times.length).toBeGreaterThanOrEqual(3);
  // Exponential backoff with jitter from 500 ms: ≥ 250 ms, then ≥ 500 ms.
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(240);
  expect(times[2] - times[1]).toBeGreaterThanOrEqual(490);
});

test('a slow first byte still completes under the default timeout', async ({ page }) => {
  const t0 = Date.now();
  await arithmetic(page, ollamaUrl('solver@slow1500'));
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  expect(Date.now() - t0).toBeGreaterThan(1500);
  expect((await fakeStats()).models['solver@slow1500']).toBeGreaterThanOrEqual(1);
});

test('a per-call timeout shorter than the first byte fails the call clearly, once', async ({ page }) => {
  await page.goto(ollamaUrl('solver@slow3000'));
  await expectSandboxReady(page);
  await page.locator('summary', { hasText: 'Run limits' }).click();
  await page.getByTestId('call-timeout-input').fill('1');
  await ask(page, 'What is 6 * 7?');
  const failure = page.getByTestId('run-failure');
  await expect(failure).toContainText('root model call (solver@slow3000) in iteration 1', { timeout: 30_000 });
  await expect(failure).toContainText('did not answer within 1 s');
  await expect(failure).toContainText('Raise the timeout');
  await expect(page.getByTestId('run-status')).toHaveText('error');
  // A timeout is not retried: the user chose the limit.
  expect((await fakeStats()).models['solver@slow3000']).toBe(1);
});

test('a stream cut before the first token is retried invisibly', async ({ page }) => {
  await arithmetic(page, openaiUrl('solver@reset0'));
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  expect((await fakeStats()).models['solver@reset0']).toBeGreaterThanOrEqual(2);
});

test('a stream cut mid-answer fails the run naming the call, keeping what came before', async ({ page }) => {
  // The second root call (iteration 2) is cut half way; sub-calls go to plain `solver`.
  await page.goto(ollamaUrl('solver@reset@from2', '&subModel=solver'));
  await expectSandboxReady(page);
  await dropText(page, 'haystack.txt', task.text);
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, task.question);
  const failure = page.getByTestId('run-failure');
  await expect(failure).toContainText('root model call (solver@reset@from2) in iteration 2', { timeout: 60_000 });
  await expect(failure).toContainText('was cut while the model was answering');
  await expect(page.getByTestId('run-status')).toHaveText('error');
  // Iteration 1 — its response, code and output — is still there.
  await expect(page.getByTestId('timeline-card')).toHaveCount(2);
  await page.getByTestId('timeline-card').first().click();
  const first = page.getByTestId('iteration-detail');
  await expect(first).toHaveAttribute('data-iteration', '1');
  await expect(first.getByTestId('code-block')).toHaveCount(1);
  await expect(first.getByTestId('block-stdout')).not.toBeEmpty();
  // Text already shown is never sent twice: no retry after the first token.
  expect((await fakeStats()).models['solver@reset@from2']).toBe(2);
});

// The page is on 127.0.0.1, which stock Ollama trusts: OLLAMA_ORIGINS would not help, the address might.
test('CORS refused on a call: says CORS and how to check what answers, without OLLAMA_ORIGINS', async ({ page }) => {
  await arithmetic(page, ollamaUrl('solver@nocors'));
  const failure = page.getByTestId('run-failure');
  await expect(failure).toContainText('refuses requests from this page (CORS)', { timeout: 30_000 });
  await expect(failure).toContainText(`curl ${FAKE}/api/version`);
  await expect(failure).not.toContainText('OLLAMA_ORIGINS');
});

test('a whole server refusing CORS: the settings explain it with copyable commands', async ({ page, context }) => {
  const closed = await createFakeLlmServer({ cors: false });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
    await page.goto(ollamaUrl('solver').replace(encodeURIComponent(FAKE), encodeURIComponent(closed.url)));
    const err = page.getByTestId('connection-error');
    await expect(err).toContainText('refuses requests from this page (CORS)', { timeout: 15_000 });
    await expect(err).toContainText(closed.url);
    const commands = err.getByTestId('advice-command');
    await expect(commands.filter({ hasText: 'OLLAMA_ORIGINS' })).toHaveCount(0);
    const check = `curl ${closed.url}/api/version`;
    const row = err.locator('span', { has: page.getByText(check, { exact: true }) }).last();
    await row.getByTestId('copy-command').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(check);
  } finally {
    await closed.close();
  }
});

test('a missing model: the failure says `ollama pull`, and the page pulls it with progress', async ({ page }) => {
  await arithmetic(page, ollamaUrl('qwen3:8b'));
  await expect(page.getByTestId('run-failure')).toContainText('ollama pull qwen3:8b', { timeout: 30_000 });
  const panel = page.getByTestId('pull-panel');
  await expect(panel).toContainText('not installed');
  await panel.getByTestId('pull-button').click();
  const progress = page.getByTestId('pull-progress');
  await expect(progress).toBeVisible();
  // The fake layer is 2,500,000,000 bytes, as the fake model list says: both read 2.5 GB (decimal, as Ollama shows).
  await expect(panel).toContainText(/ of 2\.5 GB · /);
  // A value strictly between empty and full was shown: the bar moved with Ollama's stream.
  const seen: number[] = [];
  const barValue = () => progress.evaluate((el: HTMLProgressElement) => (el.hasAttribute('value') ? el.value : -1), null, { timeout: 200 }).catch(() => -1);
  await expect.poll(async () => (seen.push(await barValue()), seen.some((v) => v > 0 && v < 100)), { intervals: [50] }).toBe(true);
  await expect(page.getByTestId('pull-status')).toContainText(/pulling|verifying|writing/);
  await expect(panel).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('model-thinks')).toHaveText('thinks');
  expect((await fakeStats()).requests['POST /api/pull']).toBe(1);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
});

test('a registry miss while pulling is reported', async ({ page }) => {
  await page.goto(ollamaUrl('nosuch-model:7b'));
  await page.getByTestId('pull-button').click();
  await expect(page.getByTestId('pull-error')).toContainText("no model named 'nosuch-model:7b'");
  await expect(page.getByTestId('pull-button')).toBeVisible();
});

test('no usage from the server: counts are estimated and marked ~', async ({ page }) => {
  await page.goto(openaiUrl('solver@nousage', '&subModel=solver'));
  await solveNiah(page, task);
  await expect(page.getByTestId('timeline-card').first()).toContainText(/~[\d,]+ in/);
  const stats = page.getByTestId('run-stats');
  await expect(stats).toContainText(/root ~[\d,]+ in/);
  await expect(stats).toContainText(/total ~[\d,]+ in/);
  // The sub-call's server did report, so its counts are not marked.
  await expect(stats).toContainText(/1 sub-calls [\d,]+ in/);
});

test('Stop cancels every request in flight at once', async ({ page }) => {
  // batcher fires 10 llm_query calls, 8 at a time, each waiting 30 s for a first byte.
  await page.goto(ollamaUrl('batcher', '&subModel=solver@slow30000'));
  await expectSandboxReady(page);
  await dropText(page, 'haystack.txt', task.text);
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, task.question);
  // Chromium opens at most 6 connections per host; the other calls queue in the browser.
  await expect.poll(async () => (await fakeStats()).inFlight, { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
  const t0 = Date.now();
  await page.getByTestId('stop-button').click();
  await expect.poll(async () => (await fakeStats()).inFlight, { timeout: 3_000, intervals: [25] }).toBe(0);
  const cancelMs = Date.now() - t0;
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 3_000 });
  expect(cancelMs).toBeLessThan(1_500);
  console.log(`Stop → 0 requests in flight after ${cancelMs} ms`);
  // Nothing was retried or queued after Stop.
  await page.waitForTimeout(500);
  const stats = await fakeStats();
  expect(stats.inFlight).toBe(0);
  expect(stats.models['solver@slow30000']).toBeLessThanOrEqual(8);
});
