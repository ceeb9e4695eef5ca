import { expect, test } from '@playwright/test';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';
import { makePdf } from './pdf';

test.beforeEach(async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
});

const input = (page: import('@playwright/test').Page) => page.getByTestId('context-file-input');

test('several files become a dict keyed by file name', async ({ page }) => {
  await input(page).setInputFiles([
    { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('alpha\n') },
    { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('beta\nbeta\n') },
  ]);
  await expect(page.getByTestId('context-ready')).toContainText('dict');
  await expect(page.getByTestId('context-ready')).toContainText('a.txt, b.txt');
});

test('a PDF becomes text with page markers', async ({ page }) => {
  await input(page).setInputFiles({ name: 'doc.pdf', mimeType: 'application/pdf', buffer: makePdf(['The secret number is 4242424.', 'Second page.']) });
  await expect(page.getByTestId('context-ready')).toContainText('doc.pdf', { timeout: 30_000 });
  await ask(page, 'What is the secret number hidden in the context?');
  await expect(page.getByTestId('final-answer')).toHaveText('4242424', { timeout: 60_000 });
  await expect(page.getByTestId('block-stdout').first()).toBeVisible();
});

test('a binary file is refused with a message and nothing else breaks', async ({ page }) => {
  await input(page).setInputFiles({ name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]) });
  await expect(page.getByTestId('context-error')).toContainText('binary');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('context-drop')).toContainText('Drop files here');
});

test('bad JSON says so and can be loaded as text instead', async ({ page }) => {
  await input(page).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"a": 1,,}') });
  await expect(page.getByTestId('context-error')).toBeVisible();
  await page.getByRole('button', { name: 'Load as plain text' }).click();
  await expect(page.getByTestId('context-ready')).toContainText('str');
});

test('an empty file loads and a run on it finishes', async ({ page }) => {
  await input(page).setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('context-ready')).toContainText('0 chars');
  await ask(page, 'How many lines are in the context?');
  await expect(page.getByTestId('final-answer')).toBeVisible({ timeout: 60_000 });
});

test('runs are kept across a reload and can be exported and imported', async ({ page }) => {
  await ask(page, 'How many primes are there below 1000?');
  await expect(page.getByTestId('final-answer')).toContainText('168', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const file = await (await download).path();
  const text = (await import('node:fs')).readFileSync(file, 'utf8');
  expect(text.split('\n')[0]).toContain('rlm-studio-trajectory');
  await page.reload();
  await expect(page.getByTestId('history-item').first()).toContainText('primes are there below 1000');
  await page.getByTestId('history-item').first().click();
  await expect(page.getByTestId('final-answer')).toContainText('168');
  const before = await page.getByTestId('history-item').count();
  await page.getByTestId('import-input').setInputFiles({ name: 'run.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await expect(page.getByTestId('final-answer')).toContainText('168');
  // The same run again: said so, nothing added.
  await expect(page.getByTestId('history-notice')).toContainText('already in history');
  await expect(page.getByTestId('history-item')).toHaveCount(before);
  // A different run under the same id is added under a new id; the stored one stays.
  const edited = text.replace('How many primes are there below 1000?', 'An edited copy of the run');
  await page.getByTestId('import-input').setInputFiles({ name: 'edited.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(edited) });
  await expect(page.getByTestId('history-item')).toHaveCount(before + 1);
  await expect(page.getByTestId('history-list')).toContainText('An edited copy of the run');
  await expect(page.getByTestId('history-list')).toContainText('primes are there below 1000');
});

test('each new session starts with a clean namespace: variables of an earlier session are gone', async ({ page }) => {
  const model = `scripted:fresh-${Date.now()}`;
  const script = async (responses: string[]) => {
    const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
    expect(r.ok).toBe(true);
  };
  await script(['```repl\nleftover = 41\nFINAL(leftover + 1)\n```']);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'first');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  await script(['```repl\nFINAL("leftover" in globals())\n```']);
  await page.getByTestId('new-session').click();
  await ask(page, 'second');
  await expect(page.getByTestId('final-answer')).toHaveText('False', { timeout: 60_000 });
});
