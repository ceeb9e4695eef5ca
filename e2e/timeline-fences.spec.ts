import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

async function script(model: string, responses: string[]) {
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
}

test('fenced blocks that do not run stay visible in the iteration, marked "not run"', async ({ page }) => {
  const model = `scripted:fences-${Date.now()}`;
  await script(model, [
    'The data I expect looks like this:\n```json\n{"expected": "shape-4711"}\n```\n' +
      'A draft I will not use:\n```python\nprint("python-draft-0815")\n```\nNow the real code:\n' +
      '```repl\nprint("ran-in-repl")\nFINAL("fence answer")\n```',
  ]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'show me the shape');
  await expect(page.getByTestId('final-answer')).toHaveText('fence answer', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
  const card = page.getByTestId('iteration-detail');
  const unrun = card.getByTestId('unrun-block');
  await expect(unrun).toHaveCount(2);
  await expect(unrun.nth(0)).toContainText('{"expected": "shape-4711"}');
  await expect(unrun.nth(0)).toContainText('json');
  await expect(unrun.nth(0)).toContainText('not run');
  await expect(unrun.nth(1)).toContainText('print("python-draft-0815")');
  // The block that ran is shown once, with its output, not also as text.
  await expect(card.getByTestId('code-block')).toHaveCount(1);
  await expect(card.getByTestId('block-stdout')).toHaveText('ran-in-repl');
  await expect(card.getByTestId('iteration-response')).toContainText('The data I expect looks like this:');
  await expect(card.getByTestId('iteration-response')).not.toContainText('ran-in-repl');
  await card.screenshot({ path: 'test-results/unrun-fences.png' });
});

test('a sub-model slower than the block time limit does not stop the block', async ({ page }) => {
  const model = `scripted:slow-sub-${Date.now()}`;
  await script(model, ['```repl\nx = llm_query("The secret number is 4242. Reply with the number.")\nFINAL(x)\n```']);
  // 2.5 s before the sub-model's first byte, against a 1.5 s limit of Python time.
  await page.goto(ollamaUrl(model, `&subModel=${encodeURIComponent('solver@slow2500')}&blockTimeoutMs=1500`));
  await expectSandboxReady(page);
  await ask(page, 'what is the number?');
  await expect(page.getByTestId('final-answer')).toHaveText('4242', { timeout: 60_000 });
  await expect(page.getByTestId('code-block').getByText('time limit')).toHaveCount(0);
});
