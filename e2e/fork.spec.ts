/**
 * Fork ("continue from here"): a fork replays the parent's iterations before k from the record
 * (sub-calls answered from it: no model calls, counted on the fake server), then goes on live;
 * forks of an imported official log; the file dropped again after a reload, checked by hash;
 * a replay whose output differs from the record is reported and the user can stop.
 */
import { expect, test, type Page } from '@playwright/test';
import { parseOfficialLog } from '../src/core/official/parse';
import { fixture } from '../tests/official-manifest';
import { ask, dropText, expectSandboxReady, FAKE, fakeStats, ollamaUrl, resetFake } from './helpers';

async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}

const fence = (code: string) => '```repl\n' + code + '\n```';
const THREE = [
  fence('lines = context.splitlines()\nsecret = llm_query("The secret number is 4321")\nprint(len(lines), secret)'),
  fence('doubled = int(secret) * 2\nprint(doubled)'),
  fence('FINAL(str(doubled + 1))'),
];
const HAYSTACK = 'alpha\nbeta\ngamma\n';

const chatCalls = async () => (await fakeStats()).requests['POST /api/chat'] ?? 0;
const card = (page: Page, iteration: number) => page.locator(`[data-testid="timeline-card"][data-iteration="${iteration}"]`);
const detail = (page: Page) => page.getByTestId('iteration-detail');

async function threeIterationRun(page: Page, model: string) {
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await dropText(page, 'haystack.txt', HAYSTACK);
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, 'What is twice the secret, plus one?');
  await expect(page.getByTestId('final-answer')).toHaveText('8643', { timeout: 60_000 });
  await expect(page.getByTestId('timeline-card')).toHaveCount(3);
}

async function openFork(page: Page, iteration: number) {
  await card(page, iteration).getByTestId('fork-button').click();
  await expect(page.getByTestId('fork-dialog')).toBeVisible();
}

test('fork from iteration 2 replays iteration 1 with no model call, then calls the model; compare beside its parent', async ({ page }) => {
  const model = await scripted('fork3', THREE);
  await threeIterationRun(page, model);
  await resetFake();
  await openFork(page, 2);
  await expect(page.getByTestId('fork-code')).toHaveValue('doubled = int(secret) * 2\nprint(doubled)');
  await page.getByTestId('fork-start').click();
  await expect(page.getByTestId('fork-of')).toBeVisible();
  await expect(page.getByTestId('final-answer')).toHaveText('8643', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
  // Iterations 2 and 3 called the root model; iteration 1 (with its llm_query) did not call anything.
  expect(await chatCalls()).toBe(2);
  await expect(card(page, 1)).toContainText('replayed');
  await expect(card(page, 2)).not.toContainText('replayed');
  await card(page, 1).click();
  await expect(detail(page).getByTestId('code-block').first()).toContainText('3 4321');
  await expect(page.getByTestId('fork-mismatch')).toHaveCount(0);
  // History: the fork sits under its parent.
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveAttribute('data-depth', '1');
  const parentId = await rows.nth(0).getAttribute('data-run-id');
  await expect(rows.nth(1)).toHaveAttribute('data-fork-of', parentId!);
  await expect(page.getByTestId('fork-of')).toHaveAttribute('data-parent', parentId!);
  await expect(page.getByTestId('fork-of')).toContainText('What is twice the secret');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.getByTestId('fork-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('compare-side')).toHaveCount(2);
  await expect(page.getByTestId('compare-kinship').nth(0)).toHaveText('parent');
  await expect(page.getByTestId('compare-kinship').nth(1)).toHaveText('fork of A from iteration 2');
  await expect(page.getByTestId('compare-answer').nth(0)).toHaveText('8643');
  await expect(page.getByTestId('compare-answer').nth(1)).toHaveText('8643');
  await page.screenshot({ path: '/work/notes/shots/fork-compare.png' });
  await page.getByTestId('compare-close').click();
  // The link opens the parent.
  await page.getByTestId('fork-of-link').click();
  await expect(page.getByTestId('fork-of')).toHaveCount(0);
  await expect(card(page, 1)).not.toContainText('replayed');
});

test('fork of an imported official log: its context dropped again, blocks replayed with the recorded llm_query, an edited block', async ({ page }) => {
  const text = fixture('niah_depth1.jsonl');
  const first = parseOfficialLog(text).completions[0]!.iterations[0]!.codeBlocks[0]!;
  const context = first.locals.context as string;
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await page.getByTestId('import-input').setInputFiles({ name: 'niah_depth1.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await expect(page.getByTestId('final-answer')).toHaveText('4444017');
  await resetFake();
  await openFork(page, 3);
  await expect(page.getByTestId('fork-file-input')).toBeVisible();
  await page.getByTestId('fork-file-input').setInputFiles({ name: 'context_0.txt', mimeType: 'text/plain', buffer: Buffer.from(`${context}extra`) });
  await page.getByTestId('fork-start').click();
  await expect(page.getByTestId('fork-error')).toContainText('is not the file this run read');
  await page.getByTestId('fork-file-input').setInputFiles({ name: 'context_0.txt', mimeType: 'text/plain', buffer: Buffer.from(context) });
  // The edit uses m and confirm: variables only a faithful replay of iterations 1 and 2 defines.
  await page.getByTestId('fork-code').fill('answer["content"] = "edited " + m.group(1) + " " + confirm\nanswer["ready"] = True');
  await page.getByTestId('fork-start').click();
  await expect(page.getByTestId('fork-of')).toBeVisible();
  await expect(page.getByTestId('final-answer')).toHaveText('edited 4444017 4444017', { timeout: 60_000 });
  await expect(page.getByTestId('fork-mismatch')).toHaveCount(0);
  expect(await chatCalls()).toBe(0);
  await expect(card(page, 1)).toContainText('replayed');
  await expect(card(page, 2)).toContainText('replayed');
});

test('fork after a reload: the file dropped again is checked by hash (wrong one refused, right one runs)', async ({ page }) => {
  const model = await scripted('forkreload', THREE);
  await threeIterationRun(page, model);
  await page.reload();
  await expectSandboxReady(page);
  await page.getByTestId('history-item').first().click();
  await expect(page.getByTestId('timeline-card')).toHaveCount(3);
  await resetFake();
  await openFork(page, 3);
  await expect(page.getByTestId('fork-dialog')).toContainText('haystack.txt');
  await page.getByTestId('fork-file-input').setInputFiles({ name: 'haystack.txt', mimeType: 'text/plain', buffer: Buffer.from('alpha\nbeta\ndelta\n') });
  await page.getByTestId('fork-start').click();
  await expect(page.getByTestId('fork-error')).toContainText(/its sha256 is [0-9a-f]{12}…, the run's haystack.txt had [0-9a-f]{12}…/);
  await expect(page.getByTestId('fork-of')).toHaveCount(0);
  expect(await chatCalls()).toBe(0);
  await page.getByTestId('fork-file-input').setInputFiles({ name: 'haystack.txt', mimeType: 'text/plain', buffer: Buffer.from(HAYSTACK) });
  await page.getByTestId('fork-start').click();
  await expect(page.getByTestId('fork-of')).toBeVisible();
  await expect(page.getByTestId('final-answer')).toHaveText('8643', { timeout: 60_000 });
  expect(await chatCalls()).toBe(1);
  await expect(page.getByTestId('history-row')).toHaveCount(2);
});

test('a replay mismatch names the block, shows both outputs, and the user can stop the fork', async ({ page }) => {
  const model = await scripted('forkrandom', [fence('import random\nx = random.random()\nprint(x)'), fence('print("two")'), fence('FINAL("done")')]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'Print a random number');
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 60_000 });
  await resetFake();
  // From the keyboard: F on a focused card opens its fork dialog.
  await card(page, 2).focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('fork-dialog')).toBeVisible();
  await page.getByTestId('fork-start').click();
  const dialog = page.getByTestId('fork-mismatch');
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog).toHaveAttribute('data-iteration', '1');
  await expect(dialog).toHaveAttribute('data-block', '1');
  const recorded = await dialog.getByTestId('mismatch-recorded').textContent();
  const replayed = await dialog.getByTestId('mismatch-replayed').textContent();
  expect(recorded).toMatch(/^0\.\d+/);
  expect(replayed).toMatch(/^0\.\d+/);
  expect(replayed).not.toBe(recorded);
  await dialog.getByTestId('fork-stop').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped');
  expect(await chatCalls()).toBe(0);
  await card(page, 1).click();
  await expect(detail(page)).toContainText('Replay mismatch in iteration 1, block 1');
});
