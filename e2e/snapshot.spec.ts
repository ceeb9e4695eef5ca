import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, ollamaUrl } from './helpers';

test('a repeat visit boots Python from the stored snapshot and it works', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  // The snapshot is saved in the background right after the first boot.
  await expect
    .poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'rlm-studio-sandbox')), { timeout: 30_000 })
    .toBe(true);
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const open = indexedDB.open('rlm-studio-sandbox');
              open.onsuccess = () => {
                const req = open.result.transaction('snapshots').objectStore('snapshots').count();
                req.onsuccess = () => resolve(req.result);
              };
              open.onerror = () => resolve(0);
            }),
        ),
      { timeout: 30_000 },
    )
    .toBe(1);
  await page.reload();
  await expectSandboxReady(page);
  await ask(page, 'How many primes are there below 100?');
  await expect(page.getByTestId('final-answer')).toContainText('25', { timeout: 60_000 });
});
