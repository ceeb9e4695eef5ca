/**
 * Budgets end a run with their own stop reason, shown beside the status; gauges follow the limits the
 * run started with; limits from a link apply to that page only until saved; the strategy's prompt is
 * shown in the editor; the variable list shows the sandbox's types and reprs.
 */
import { expect, test, type Page } from '@playwright/test';
import { ask, dropText, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}

const HAYSTACK = Array.from({ length: 400 }, (_, i) => `line ${i}: filler text about nothing in particular`).join('\n');

async function runUntilStopped(page: Page, url: string, question: string, file = true) {
  await page.goto(url);
  await expectSandboxReady(page);
  if (file) {
    await dropText(page, 'haystack.txt', HAYSTACK);
    await expect(page.getByTestId('context-ready')).toBeVisible();
  }
  await ask(page, question);
  await expect(page.getByTestId('stop-reason')).toBeVisible({ timeout: 90_000 });
}

const limitsPanel = (page: Page) => page.locator('summary', { hasText: 'Run limits' });

test('a sub-call budget of 2 ends a batching run with reason "subcalls", and its gauge is shown', async ({ page }) => {
  await runUntilStopped(page, ollamaUrl('batcher', '&maxSubcalls=2'), 'Summarise the file.');
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'subcalls');
  await expect(page.getByTestId('stop-reason')).toHaveText('sub-call budget used up');
  const gauge = page.getByTestId('budget-gauges').getByTestId('gauge-subcalls');
  await expect(gauge).toHaveAttribute('role', 'progressbar');
  await expect(gauge).toHaveAttribute('aria-valuemax', '2');
  // The batch asked for 10; the 8 refused did not draw on the budget.
  await expect(gauge).toHaveAttribute('aria-valuenow', '2');
  await expect(gauge).toContainText('2 / 2');
  await expect(page.getByTestId('gauge-tokens')).toHaveCount(0); // no token limit, no gauge
  await page.getByTestId('budget-gauges').screenshot({ path: '/work/notes/shots/gauges.png' });
});

test('a wall-time budget of 3 s interrupts a looping block: reason "wall-time"', async ({ page }) => {
  const t0 = Date.now();
  await runUntilStopped(page, ollamaUrl('looper', '&maxWallMs=3000'), 'Loop.', false);
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'wall-time');
  expect(Date.now() - t0).toBeLessThan(60_000);
  await expect(page.getByTestId('gauge-wall-time')).toHaveAttribute('aria-valuemax', '3000');
});

test('the wall-time gauge ticks during a silent looping block, before the budget ends the run', async ({ page }) => {
  await page.goto(ollamaUrl('looper', '&maxWallMs=9000'));
  await expectSandboxReady(page);
  await ask(page, 'Loop.');
  // No event arrives while the block loops: the gauge must move on the clock alone, while the run is still live.
  await page.waitForFunction(
    () => {
      const g = document.querySelector('[data-testid="gauge-wall-time"]');
      const live = !document.querySelector('[data-testid="stop-reason"]');
      return live && Number(g?.getAttribute('aria-valuenow') ?? 0) >= 3000;
    },
    null,
    { timeout: 8_000, polling: 200 },
  );
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'wall-time', { timeout: 60_000 });
  await expect(page.getByTestId('gauge-wall-time')).toHaveAttribute('aria-valuenow', '9000');
});

test('two failing blocks in a row end the run with reason "errors"', async ({ page }) => {
  const model = await scripted('raiser', Array.from({ length: 6 }, (_, i) => `\`\`\`repl\nraise ValueError("boom ${i}")\n\`\`\``));
  await runUntilStopped(page, ollamaUrl(model, '&maxErrors=2'), 'Fail.', false);
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'errors');
  // Two blocks ran and failed; the engine then makes one last call for the best partial answer.
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-blocks', '2');
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-errors', '2');
  // That call wrote only code: the answer names the real stop, not "all 15 iterations".
  await expect(page.getByTestId('final-answer')).toContainText('the run ended before the model answered: 2 iterations in a row had a failing block (limit 2)');
});

test('a small token budget ends the run with reason "tokens"', async ({ page }) => {
  await runUntilStopped(page, ollamaUrl('solver', '&maxTokens=500'), 'How many lines contain "filler"?');
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'tokens');
  await expect(page.getByTestId('gauge-tokens')).toHaveAttribute('aria-valuemax', '500');
});

test('a normal run is "answered", with the iterations gauge and typed variables', async ({ page }) => {
  const model = await scripted('vars', ['```repl\nn = 6 * 7\nwords = ["alpha", "beta"]\nprint(n)\n```', '```repl\nFINAL_VAR("n")\n```']);
  await runUntilStopped(page, ollamaUrl(model), 'What is 6 * 7?', false);
  await expect(page.getByTestId('final-answer')).toHaveText('42');
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'answered');
  await expect(page.getByTestId('gauge-iterations')).toHaveAttribute('aria-valuemax', '15');
  const vars = page.getByTestId('block-variables').first();
  await vars.locator('summary').click();
  const n = vars.getByTestId('variable').filter({ hasText: /^n/ });
  await expect(n).toContainText('int');
  await expect(n).toContainText('42');
  await expect(vars.getByTestId('variable').filter({ hasText: 'words' })).toContainText("['alpha', 'beta']");
});

test('a solver run answers with reason "answered"', async ({ page }) => {
  await runUntilStopped(page, ollamaUrl('solver'), 'What is 6 * 7?', false);
  await expect(page.getByTestId('final-answer')).toHaveText('42');
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'answered');
  await expect(page.getByTestId('budget-gauges')).toBeVisible();
});

test('limits from the link are marked, not saved after a reload without it, and saved on request', async ({ page }) => {
  await page.goto(ollamaUrl('solver', '&maxSubcalls=2&maxTokens=900'));
  await limitsPanel(page).click();
  await expect(page.getByTestId('engine-maxSubcalls')).toHaveValue('2');
  await expect(page.getByTestId('from-link-maxSubcalls')).toHaveText('from the link');
  await expect(page.getByTestId('link-limits')).toContainText('maxSubcalls, maxTokens');
  // Another setting edited (and saved) meanwhile does not carry the link's limits into storage.
  await page.getByTestId('engine-maxErrors').fill('4');
  await page.getByTestId('engine-maxErrors').press('Enter');
  await page.goto(ollamaUrl('solver'));
  await limitsPanel(page).click();
  await expect(page.getByTestId('engine-maxSubcalls')).toHaveValue('');
  await expect(page.getByTestId('engine-maxErrors')).toHaveValue('4');
  await expect(page.getByTestId('from-link-maxSubcalls')).toHaveCount(0);

  await page.goto(ollamaUrl('solver', '&maxSubcalls=2'));
  await limitsPanel(page).click();
  await page.getByTestId('save-link-limits').click();
  await expect(page.getByTestId('from-link-maxSubcalls')).toHaveCount(0);
  await page.goto(ollamaUrl('solver'));
  await limitsPanel(page).click();
  await expect(page.getByTestId('engine-maxSubcalls')).toHaveValue('2');
  // Cleared = no limit again.
  await page.getByTestId('engine-maxSubcalls').fill('');
  await page.getByTestId('engine-maxSubcalls').press('Enter');
  await page.reload();
  await limitsPanel(page).click();
  await expect(page.getByTestId('engine-maxSubcalls')).toHaveValue('');
});

test('strategy=final in the link shows the FINAL prompt, which follows the strategy until edited', async ({ page }) => {
  await page.goto(ollamaUrl('solver', '&strategy=final'));
  await limitsPanel(page).click();
  const prompt = page.getByTestId('system-prompt-input');
  await expect(page.getByTestId('strategy-select')).toHaveValue('final');
  await expect(prompt).toHaveValue(/FINAL\(your answer\) on a line of its own/);
  await page.getByTestId('strategy-select').selectOption('official');
  await expect(prompt).toHaveValue(/answer\["ready"\] = True/);
  await expect(prompt).not.toHaveValue(/FINAL\(your answer\)/);
  await prompt.fill('My own prompt.');
  await expect(page.getByTestId('system-prompt-state')).toHaveText('edited: used as written');
  await page.getByTestId('system-prompt-reset').click();
  await expect(prompt).toHaveValue(/answer\["ready"\] = True/);
});
