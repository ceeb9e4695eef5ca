/**
 * A live depth-2 run in the page: the root's rlm_query starts a child RLM with its own REPL namespace (its
 * `context` is the prompt); at the depth limit the child's own rlm_query answers as llm_query does; the child's
 * answer comes back to the root's code, and the child nests under the call in the tree.
 */
import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

test('maxDepth=2: rlm_query runs a child RLM whose answer returns to the parent, nested in the tree', async ({ page }) => {
  const model = `scripted:recursive-${Date.now()}`;
  // The same script serves the root and the child (each sees its own conversation, so each starts at response 0).
  const responses = [
    '```repl\nprint(type(context).__name__, len(context))\nr = rlm_query("The secret number is 31337. Reply with the number only.")\nprint("got", r)\n```',
    '```repl\nanswer["content"] = r.strip()\nanswer["ready"] = True\n```',
  ];
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  await page.goto(ollamaUrl(model, '&maxDepth=2'));
  await expectSandboxReady(page);
  await ask(page, 'What is the secret number?');
  await expect(page.getByTestId('final-answer')).toHaveText('31337', { timeout: 60_000 });
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'answered');
  const stats = page.getByTestId('run-stats');
  await expect(stats).toHaveAttribute('data-depth', '1');
  // Root: 2 iterations; child: 2; one plain sub-call made by the child at the depth limit, plus the root's rlm call.
  await expect(stats).toHaveAttribute('data-iterations', '4');
  await page.getByRole('button', { name: 'Calls & timing' }).click();
  await expect(page.locator('[data-testid="tree-node"][data-depth="1"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="tree-node"][data-kind="run"][data-depth="1"]')).toHaveCount(1);
});
