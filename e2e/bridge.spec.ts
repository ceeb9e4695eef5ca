/**
 * The bridge Python waits on (src/sandbox/bridge.ts): JSPI by default in Chromium; `?bridge=sab` (the `sab` project)
 * takes JSPI away from the worker and runs the SharedArrayBuffer bridge. The status says which, and what that
 * changes; a run with batched sub-calls and batched child runs answers the same on either.
 */
import { expect, test } from '@playwright/test';
import { ask, bridgeParam, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

test('the status names the bridge; batched llm_query and rlm_query answer through it', async ({ page }) => {
  const sab = bridgeParam() !== '';
  const model = `scripted:bridge-${Date.now()}`;
  // The root and each child follow the same script; a child's context is its prompt.
  const responses = [
    '```repl\nif context.startswith("child"):\n    FINAL(context.upper() + ":" + ",".join(llm_query_batched(["a", "b"])))\n' +
      'else:\n    r = rlm_query_batched(["child one", "child two"])\n    print(r)\n```',
    '```repl\nFINAL(" | ".join(r))\n```',
  ];
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  await page.goto(ollamaUrl(model, '&maxDepth=2'));
  await expectSandboxReady(page);
  const status = page.getByTestId('sandbox-status');
  await expect(status).toHaveAttribute('data-bridge', sab ? 'sab' : 'jspi');
  if (sab) await expect(status).toContainText('children one at a time');
  else await expect(status).not.toContainText('SAB');
  await ask(page, 'Ask two children.');
  await expect(page.getByTestId('final-answer')).toContainText('CHILD ONE:', { timeout: 90_000 });
  await expect(page.getByTestId('final-answer')).toContainText('CHILD TWO:');
  await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'answered');
  if (sab) await page.screenshot({ path: test.info().outputPath('sab-bridge-run.png') });
});
