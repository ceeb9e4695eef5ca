import { expect, test } from '@playwright/test';
import { makeNiah } from '../src/bench/niah';
import { ask, dropText, expectSandboxReady, ollamaUrl, openaiUrl } from './helpers';

const task = makeNiah(7, 10_000);

for (const [name, url] of [
  ['Ollama', ollamaUrl('solver')],
  ['OpenAI-compatible', openaiUrl('solver')],
] as const) {
  test(`finds the needle in a 10,000-line haystack through ${name}`, async ({ page }) => {
    await page.goto(url);
    await expect(page).toHaveTitle('RLM Studio');
    await expectSandboxReady(page);
    await expect(page.getByTestId('model-select')).toHaveValue('solver');
    await dropText(page, 'haystack.txt', task.text);
    await expect(page.getByTestId('context-ready')).toContainText('10,000 lines');
    await ask(page, task.question);
    await expect(page.getByTestId('final-answer')).toHaveText(task.answer, { timeout: 90_000 });
    expect(await page.getByTestId('timeline-card').count()).toBeGreaterThanOrEqual(2);
    // The run view follows the run: the last iteration, whose block made the sub-call, is open.
    await expect(page.getByTestId('subcall')).toHaveCount(1);
    await expect(page.getByTestId('run-status')).toHaveText('done');
    await expect(page.getByTestId('run-stats')).toContainText('1 sub-calls');
    await expect(page.getByTestId('run-stats')).toContainText('iterations');
    await page.screenshot({ path: `test-results/niah-${name.replace(/\W+/g, '-').toLowerCase()}.png`, fullPage: true });
  });
}

test('Run with Ctrl+Enter and no file works for pure computation', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await page.getByTestId('question-input').fill('How many primes are there below 1000000?');
  await page.getByTestId('question-input').press('Control+Enter');
  await expect(page.getByTestId('final-answer')).toContainText('78498', { timeout: 90_000 });
});
