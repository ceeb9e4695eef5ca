/**
 * What a newcomer's hour found (issue 15), at a laptop's 1366×768: each test is a defect a user hit.
 * Screenshots go to /tmp/rlm-shots (looked at by hand, not compared).
 */
import { expect, test, type Page } from '@playwright/test';
import { ask, dropText, expectSandboxReady, FAKE, ollamaUrl, resetFake } from './helpers';
import { fixture } from '../tests/official-manifest';

const SHOTS = '/tmp/rlm-shots';

test.use({ viewport: { width: 1366, height: 768 } });

function benchUrl(params: Record<string, string>, models: string[]): string {
  const q = new URLSearchParams({ tab: 'bench', provider: 'ollama', host: FAKE, ...params });
  for (const m of models) q.append('m', `ollama,${m},${FAKE}`);
  return `/?${q}`;
}

/** The page itself never scrolls: only its panels do. */
async function pageScroll(page: Page) {
  return page.evaluate(() => ({ y: window.scrollY, over: document.documentElement.scrollHeight - window.innerHeight }));
}

test('bench tab: only the panel scrolls, results come into view when it ends, an opened one fills the form', async ({ page }) => {
  test.setTimeout(240_000);
  await resetFake();
  await page.goto(benchUrl({ tasks: 'niah', lines: '1000', trials: '1', seed: '42', methods: 'rlm,vanilla' }, ['bench-good', 'bench-bad']));
  await expectSandboxReady(page);
  await expect(page.getByTestId('bench-model')).toHaveCount(2);
  await page.getByTestId('bench-run').click();
  await expect(page.locator('[data-testid="bench-row"][data-trials="1"]')).toHaveCount(4, { timeout: 180_000 });
  // Brought into view when the benchmark ended.
  await expect(page.getByRole('region', { name: 'Results' })).toBeInViewport();
  // Wheel over the panel: the panel scrolls, the page (header, tabs) stays.
  await page.mouse.move(800, 500);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
  await page.waitForTimeout(300);
  expect(await pageScroll(page)).toEqual({ y: 0, over: 0 });
  await expect(page.getByTestId('tab-bench')).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/bench-results-1366.png` });

  // After a reload the form has the defaults; opening the saved benchmark puts its own settings there.
  await page.goto('/?tab=bench');
  await expect(page.getByTestId('bench-saved')).toHaveCount(1);
  await expect(page.getByTestId('bench-method-vanilla')).not.toBeChecked();
  await page.getByTestId('bench-saved-open').click();
  await expect(page.getByTestId('bench-method-vanilla')).toBeChecked();
  await expect(page.getByTestId('bench-model')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Results' })).toBeInViewport();
  expect(await pageScroll(page)).toEqual({ y: 0, over: 0 });
});

test('the run tab: the page does not scroll either, with a file loaded and a finished run', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await dropText(page, 'haystack.txt', Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n'));
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, 'How many lines are in the context?');
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 60_000 });
  await page.mouse.move(800, 500);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
  await page.waitForTimeout(300);
  expect(await pageScroll(page)).toEqual({ y: 0, over: 0 });
});

test('during a long block the wall-time chip and the block clock tick', async ({ page }) => {
  await page.goto(ollamaUrl('sleeper'));
  await expectSandboxReady(page);
  await ask(page, 'Take a nap');
  const block = page.getByTestId('block-running');
  await expect(block).toBeVisible({ timeout: 60_000 });
  const wall = page.getByTestId('run-wall-time');
  const [w1, b1] = [await wall.textContent(), await block.textContent()];
  await page.waitForTimeout(2500);
  expect(await wall.textContent()).not.toBe(w1);
  expect(await block.textContent()).not.toBe(b1);
  await expect(block).toContainText(/running… \d/);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 15_000 });
});

test('a forced answer is shown as no answer (warning colours), and the gauge does not read 3 / 2', async ({ page }) => {
  await page.goto(ollamaUrl('garbage', '&maxIterations=2'));
  await expectSandboxReady(page);
  await ask(page, 'What is the answer?');
  const panel = page.getByTestId('final-panel');
  await expect(panel).toBeVisible({ timeout: 60_000 });
  await expect(panel).toHaveAttribute('data-forced', 'true');
  await expect(page.getByTestId('no-answer')).toHaveText('No answer: iteration limit');
  await expect(page.getByTestId('gauge-iterations')).toContainText('2 / 2');
  // Not the green of a real answer, beside its status.
  const colour = await panel.evaluate((el) => getComputedStyle(el).borderColor);
  const status = await page.getByTestId('run-status').evaluate((el) => getComputedStyle(el).color);
  for (const c of [colour, status]) {
    const [r, g, b] = c.match(/[\d.]+/g)!.map(Number);
    expect(g > r && g > b, `${c} is green`).toBe(false);
  }
  await page.getByTestId('final-panel').screenshot({ path: `${SHOTS}/forced-answer.png` });
  await page.screenshot({ path: `${SHOTS}/forced-answer-page.png` });
});

test('history: Delete can be undone from the keyboard; after a reload recent runs are in view', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  await page.getByTestId('history-item').first().focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Delete run: What is 6 * 7?' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history-item')).toHaveCount(0);
  const toast = page.getByTestId('history-undo-toast');
  await expect(toast).toContainText('What is 6 * 7?');
  await expect(page.getByTestId('history-undo')).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/history-undo.png` });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(toast).toHaveCount(0);
  // The restored run opens as before.
  await page.goto(ollamaUrl('solver'));
  const recent = page.getByTestId('recent-run').first();
  await expect(recent).toBeInViewport();
  await expect(recent).toContainText('What is 6 * 7?');
  await page.screenshot({ path: `${SHOTS}/recent-runs.png` });
  await recent.click();
  await expect(page.getByTestId('final-answer')).toHaveText('42');
});

test('opening a run from history fills the form with its question and model', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  await page.getByTestId('new-session').click();
  await page.getByTestId('model-select').selectOption('coder');
  await page.getByTestId('question-input').fill('Something else entirely');
  await page.getByTestId('history-item').first().click();
  await expect(page.getByTestId('question-input')).toHaveValue('What is 6 * 7?');
  await expect(page.getByTestId('model-select')).toHaveValue('solver');
});

test('typing the Ollama host sends no request per keystroke, and none for a half-typed address', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  const asked: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(tags|show|version)/.test(r.url())) asked.push(r.url());
  });
  const host = page.getByTestId('host-input');
  await host.fill('');
  await host.pressSequentially(FAKE, { delay: 40 });
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await page.waitForTimeout(800);
  // Half-way addresses (`http://127.0.0.1:1`…) were asked once per character; now only when typing pauses.
  // A few are allowed: on a loaded machine a keystroke can lag past the pause.
  const halfway = asked.filter((u) => !u.startsWith(FAKE));
  expect(halfway.length, halfway.join('\n')).toBeLessThanOrEqual(4);
  // The address itself: one listing (its models are then described once each), not one per key.
  expect(asked.filter((u) => u === `${FAKE}/api/tags`).length).toBe(1);
  asked.length = 0;
  await host.fill('http://127.0.0');
  await expect(page.getByTestId('host-not-address')).toBeVisible();
  await page.waitForTimeout(800);
  expect(asked).toEqual([]);
});

test('a run that fails before starting (dead host) is kept in history', async ({ page }) => {
  await page.goto(`/?provider=ollama&host=${encodeURIComponent('http://127.0.0.1:9')}&model=x`);
  await expect(page.getByTestId('connection-error')).toBeVisible({ timeout: 15_000 });
  await ask(page, 'anything at all');
  await expect(page.getByTestId('run-error')).toBeVisible();
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-item')).toContainText('anything at all');
  await expect(page.getByTestId('history-item')).toContainText('error');
});

test('a binary file: the message names the buttons there are', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await dropText(page, 'blob.bin', Buffer.from([0, 1, 2, 0, 255, 0]), 'application/octet-stream');
  await expect(page.getByTestId('context-error')).toBeVisible();
  await ask(page, 'anything');
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('Dismiss');
  await expect(error).not.toContainText('remove it');
  for (const name of ['Dismiss', 'Pick another file']) await expect(page.getByTestId('context-error').getByRole('button', { name })).toBeVisible();
});

test('the iteration strip is one Tab stop, on the selected card; arrows move inside', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await page.getByTestId('import-input').setInputFiles({ name: 'niah_depth1.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(fixture('niah_depth1.jsonl')) });
  const cards = page.getByTestId('timeline-card');
  await expect(cards).toHaveCount(3);
  await cards.nth(2).click();
  await expect(cards.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-testid="timeline-card"][tabindex="0"]')).toHaveCount(1);
  // Tab in from the control before the strip lands on the selected card, and Tab again leaves the strip.
  await page.getByTestId('question-input').focus();
  const strip = page.getByTestId('timeline-strip');
  for (let i = 0; i < 40 && !(await strip.evaluate((el) => el.contains(document.activeElement))); i++) await page.keyboard.press('Tab');
  await expect(cards.nth(2)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(cards.nth(1)).toBeFocused();
  await expect(cards.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  expect(await strip.evaluate((el) => el.contains(document.activeElement))).toBe(false);
});

test('a long model name is shown whole in the side panel', async ({ page }) => {
  const name = 'hf.co/bartowski/Qwen2.5-Coder-32B-Instruct-GGUF:Q4_K_M';
  await page.goto(ollamaUrl(name));
  await expect(page.getByTestId('model-select')).toHaveAttribute('title', new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const full = page.getByTestId('model-select-full-name');
  await expect(full).toHaveText(name);
  await expect(full).toBeVisible();
  expect(await full.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  // The side panel keeps its width.
  expect((await page.locator('aside').boundingBox())!.width).toBeLessThanOrEqual(400);
});
