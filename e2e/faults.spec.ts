import { expect, test } from '@playwright/test';
import { ask, dropText, expectSandboxReady, ollamaUrl } from './helpers';

test('a dead Ollama address is reported at once, naming it and the fixes', async ({ page }) => {
  await page.goto(`/?provider=ollama&host=${encodeURIComponent('http://127.0.0.1:9')}&model=x`);
  const err = page.getByTestId('connection-error');
  await expect(err).toBeVisible({ timeout: 15_000 });
  await expect(err).toContainText('http://127.0.0.1:9');
  // A 127.0.0.1 page is one Ollama trusts already: the likely causes, not OLLAMA_ORIGINS.
  await expect(err).toContainText('ollama serve');
  await expect(err).not.toContainText('OLLAMA_ORIGINS');
  await ask(page, 'anything');
  await expect(page.getByTestId('run-error')).toBeVisible();
});

test('Stop ends a run whose code loops forever and the page stays usable', async ({ page }) => {
  await page.goto(ollamaUrl('looper'));
  await expectSandboxReady(page);
  await dropText(page, 'small.txt', 'hello\nworld\n');
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, 'Loop please');
  await expect(page.getByTestId('code-block').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 15_000 });
  await expect(page.getByTestId('run-button')).toBeVisible();
  // The same page then runs a normal question to the end.
  await page.getByTestId('model-select').selectOption('solver');
  await expectSandboxReady(page);
  await ask(page, 'How many lines are in the context?');
  await expect(page.getByTestId('final-answer')).toContainText('2', { timeout: 60_000 });
});
