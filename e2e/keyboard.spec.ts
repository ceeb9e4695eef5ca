/** Keyboard use: number fields edited freely, Esc scoped to fields, history actions reachable with Tab. */
import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, ollamaUrl } from './helpers';

test('a number field with a minimum can be cleared and retyped; an invalid value is named and the old one kept', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await page.locator('summary', { hasText: 'Run limits' }).click();
  const numCtx = page.getByTestId('engine-numCtx');
  await expect(numCtx).toHaveValue('131072');
  await numCtx.click();
  await numCtx.press('Control+a');
  await numCtx.press('Backspace');
  await expect(numCtx).toHaveValue('');
  await numCtx.pressSequentially('8192');
  await expect(numCtx).toHaveValue('8192');
  await numCtx.press('Tab');
  await expect(numCtx).toHaveValue('8192');
  await expect(page.getByTestId('engine-numCtx-problem')).toHaveCount(0);
  // Saved: it survives a reload.
  await page.reload();
  await page.locator('summary', { hasText: 'Run limits' }).click();
  await expect(numCtx).toHaveValue('8192');

  const cut = page.getByTestId('engine-maxOutputChars');
  const before = await cut.inputValue();
  await cut.fill('200');
  await cut.blur();
  await expect(cut).toHaveValue(before);
  await expect(page.getByTestId('engine-maxOutputChars-problem')).toHaveText(`200 is below the minimum of 500. Kept ${before}.`);
  await expect(cut).toHaveAttribute('aria-invalid', 'true');
  // Typing again clears the message; Enter settles like blur.
  await cut.fill('4000');
  await expect(page.getByTestId('engine-maxOutputChars-problem')).toHaveCount(0);
  await cut.press('Enter');
  await expect(cut).toHaveValue('4000');
  await cut.fill('');
  await cut.blur();
  await expect(page.getByTestId('engine-maxOutputChars-problem')).toHaveText('Enter a number from 500 to 1000000. Kept 4000.');
});

test('Esc in the question box belongs to the box; Esc on the page stops the run', async ({ page }) => {
  await page.goto(ollamaUrl('sleeper'));
  await expectSandboxReady(page);
  await ask(page, 'Sleep, please');
  await expect(page.getByTestId('code-block').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('question-input').press('Escape');
  await page.getByTestId('model-select').press('Escape');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('stop-button')).toBeVisible();
  await expect(page.getByTestId('run-status')).not.toHaveText('stopped');
  // Esc with nothing editable focused: on the page itself.
  await page.getByRole('heading', { name: 'RLM Studio' }).click();
  await expect(page.locator('body')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 15_000 });
});

test('Tab reaches every history action, delete included, with its name', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  const item = page.getByTestId('history-item').first();
  await expect(item).toBeVisible();
  await item.focus();
  await page.keyboard.press('Tab');
  const again = page.getByRole('button', { name: 'Run again: What is 6 * 7?' });
  await expect(again).toBeFocused();
  await expect(again).toHaveCSS('opacity', '1');
  await page.keyboard.press('Tab');
  const del = page.getByRole('button', { name: 'Delete run: What is 6 * 7?' });
  await expect(del).toBeFocused();
  await expect(del).toHaveCSS('opacity', '1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history-item')).toHaveCount(0);
  // The import control is in the tab order too.
  await page.getByTestId('import-input').focus();
  await expect(page.getByTestId('import-input')).toBeFocused();
});
