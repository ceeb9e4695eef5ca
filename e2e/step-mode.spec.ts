/**
 * Step mode (issue 11): with `stepMode=1` the run pauses before each block; the user runs it as written, edits it,
 * skips it, runs to the end, or stops. What ran is what the model is told, and the record says what was edited.
 * The editor is react-simple-code-editor: `code-editor` is a label around its textarea (id `step-code`), so fill() on it fills the textarea.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}

const TWO_TURNS = ['```repl\nprint("model says", 6 * 7)\n```', 'FINAL(done)'];
const panel = (page: Page) => page.getByTestId('step-panel');
const editor = (page: Page) => page.getByTestId('code-editor');
const detail = (page: Page) => page.getByTestId('iteration-detail');

async function start(page: Page, model: string, extra = '&stepMode=1') {
  await page.goto(ollamaUrl(model, extra));
  await expectSandboxReady(page);
  await ask(page, 'Step through it.');
  await expect(panel(page)).toBeVisible({ timeout: 60_000 });
}

async function download(page: Page, testId: string): Promise<string> {
  const d = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFileSync(await (await d).path(), 'utf8');
}

test('an edited block runs the edit, the next prompt shows its output, and both exports record it', async ({ page }) => {
  const model = await scripted('step-edit', TWO_TURNS);
  await start(page, model);
  await expect(page.getByTestId('step-mode')).toBeChecked();
  await expect(panel(page)).toHaveAttribute('data-iteration', '1');
  await expect(editor(page)).toHaveValue('print("model says", 6 * 7)');
  await expect(page.getByTestId('run-status')).toHaveText('paused · waiting for you');
  await expect(page.locator('[data-testid=timeline-card][data-paused=true]')).toHaveCount(1);
  await page.screenshot({ path: '/work/notes/shots/step-paused.png', fullPage: true });
  // The paused panel is usable by keyboard and screen reader: the editor has a label, no serious axe finding.
  const { violations } = await new AxeBuilder({ page }).include('[data-testid=step-panel]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await editor(page).fill('print("user says", 6 * 9)');
  await expect(page.getByTestId('step-run')).toHaveText('Run edited block');
  await page.getByTestId('step-run').click();
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 60_000 });
  await expect(panel(page)).toHaveCount(0);

  // Iteration 1 shows what ran, marked edited, with the model's code one click away.
  await page.locator('[data-testid=timeline-card][data-iteration="1"]').click();
  const block = detail(page).getByTestId('code-block');
  await expect(block.getByTestId('block-edited')).toBeVisible();
  await expect(block.getByTestId('block-stdout')).toHaveText('user says 54');
  await block.getByTestId('block-original').locator('summary').click();
  await expect(block.getByTestId('block-original')).toContainText('print("model says", 6 * 7)');
  await expect(page.locator('[data-testid=timeline-card][data-iteration="1"]').getByTestId('card-edited')).toBeVisible();

  // The model's second prompt carried the edit's output, not the model's code's.
  await page.locator('[data-testid=timeline-card][data-iteration="2"]').click();
  const conv = detail(page).getByTestId('conversation');
  await expect(conv.getByTestId('message').last()).toContainText('user says 54');
  await expect(conv).not.toContainText('model says 42');

  const ours = (await download(page, 'export-button')).trim().split('\n').map((l) => JSON.parse(l));
  const codeStarted = ours.find((e) => e.type === 'code-started' && e.iteration === 1);
  expect(codeStarted).toMatchObject({ code: 'print("user says", 6 * 9)', original: 'print("model says", 6 * 7)' });
  const official = (await download(page, 'export-official')).trim().split('\n').map((l) => JSON.parse(l));
  expect(official[0].rlm_studio_step_edits).toEqual([{ turn: 0, iteration: 1, block: 1, action: 'edited', original_code: 'print("model says", 6 * 7)' }]);
  expect(official[1].code_blocks[0].code).toBe('print("user says", 6 * 9)');
  expect(official[1].code_blocks[0].result.stdout).toContain('user says 54');
});

test('a skipped block runs nothing, the model is told so, and the record says skipped', async ({ page }) => {
  const model = await scripted('step-skip', ['```repl\nprint("should never run")\nx = 1\n```', 'FINAL(skipped-ok)']);
  await start(page, model);
  await page.getByTestId('step-skip').click();
  await expect(page.getByTestId('final-answer')).toHaveText('skipped-ok', { timeout: 60_000 });
  await page.locator('[data-testid=timeline-card][data-iteration="1"]').click();
  const block = detail(page).getByTestId('code-block');
  await expect(block.getByTestId('block-skipped')).toBeVisible();
  await expect(block.getByTestId('block-stdout')).toHaveCount(0);
  await expect(page.locator('[data-testid=timeline-card][data-iteration="1"]').getByTestId('card-skipped')).toBeVisible();
  await page.locator('[data-testid=timeline-card][data-iteration="2"]').click();
  await expect(detail(page).getByTestId('conversation').getByTestId('message').last()).toContainText('(block skipped by the user)');

  const ours = (await download(page, 'export-button')).trim().split('\n').map((l) => JSON.parse(l));
  expect(ours.find((e) => e.type === 'code-started')).toMatchObject({ skipped: true, code: 'print("should never run")\nx = 1' });
  expect(ours.find((e) => e.type === 'code-finished')).toMatchObject({ skipped: true, stdout: '', ok: true });
  const official = (await download(page, 'export-official')).trim().split('\n').map((l) => JSON.parse(l));
  expect(official[0].rlm_studio_step_edits).toEqual([{ turn: 0, iteration: 1, block: 1, action: 'skipped' }]);
});

test('Stop while paused stops the run; Run to the end turns step mode off', async ({ page }) => {
  const model = await scripted('step-stop', TWO_TURNS);
  await start(page, model);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 10_000 });
  await expect(panel(page)).toHaveCount(0);
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-blocks', '0');

  // Esc outside the editor stops too.
  await page.getByTestId('run-button').click();
  await expect(panel(page)).toBeVisible({ timeout: 60_000 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 10_000 });

  await page.getByTestId('run-button').click();
  await expect(panel(page)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('step-continue').click();
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 60_000 });
  await expect(page.getByTestId('step-mode')).not.toBeChecked();
});

test('the toggle works without the link, and a wall-time budget does not count the pause', async ({ page }) => {
  const model = await scripted('step-wall', TWO_TURNS);
  await page.goto(ollamaUrl(model, '&maxWallMs=2000'));
  await expectSandboxReady(page);
  await page.getByTestId('step-mode').check();
  await ask(page, 'Step through it.');
  await expect(panel(page)).toBeVisible({ timeout: 60_000 });
  // Longer than the whole budget.
  await page.waitForTimeout(3_000);
  await expect(page.getByTestId('run-status')).toHaveText('paused · waiting for you');
  await page.getByTestId('step-run').click();
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout: 60_000 });
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'answered');
});
