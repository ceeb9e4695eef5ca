/**
 * Run life cycle in the browser: unique run ids across reloads, runs queued
 * behind Python and a loading file, context held back during a run, and a run
 * cut off by a reload kept and shown as interrupted.
 */
import { expect, test, type Page } from '@playwright/test';
import { makeNiah } from '../src/bench/niah';
import { ask, dropText, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}

/** Holds Python's start until the returned function is called, so a test can act while it is starting. */
async function holdPython(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/pyodide/python_stdlib.zip', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const blockRunning = (page: Page) => expect(page.getByTestId('code-block').first()).toContainText('running…');

test('a run after a reload does not overwrite the run before it', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await ask(page, 'How many primes are there below 1000?');
  await expect(page.getByTestId('final-answer')).toContainText('168', { timeout: 60_000 });
  await page.reload();
  await expectSandboxReady(page);
  await ask(page, 'How many primes are there below 100?');
  await expect(page.getByTestId('final-answer')).toContainText('25', { timeout: 60_000 });
  await expect(page.getByTestId('history-item')).toHaveCount(2);
  await expect(page.getByTestId('history-list')).toContainText('below 1000');
  await expect(page.getByTestId('history-list')).toContainText('below 100?');
});

test('Run pressed while Python starts waits, says so, and Esc or Stop cancels the wait', async ({ page }) => {
  const release = await holdPython(page);
  await page.goto(ollamaUrl('solver'));
  await ask(page, 'How many primes are there below 1000?');
  await expect(page.getByTestId('run-waiting')).toContainText('Waiting for Python to start');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-waiting')).toBeHidden();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-waiting')).toBeVisible();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-waiting')).toBeHidden();
  await expect(page.getByTestId('run-button')).toBeVisible();
  release();
  await expectSandboxReady(page);
  // Cancelled means cancelled: Python being ready later starts nothing.
  await page.waitForTimeout(500);
  await expect(page.getByTestId('timeline')).toHaveCount(0);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
});

test('a file dropped with Run pressed at once: the run waits for it and starts by itself', async ({ page }) => {
  const task = makeNiah(11, 50_000);
  const release = await holdPython(page);
  await page.goto(ollamaUrl('solver'));
  // Dropped before Python is up, so the file is certainly still loading when Run is pressed.
  await dropText(page, 'haystack.txt', task.text);
  await page.getByTestId('question-input').fill(task.question);
  await page.getByTestId('question-input').press('Control+Enter');
  await expect(page.getByTestId('run-waiting')).toBeVisible();
  release();
  await expect(page.getByTestId('final-answer')).toHaveText(task.answer, { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
  await expect(page.getByTestId('run-error')).toHaveCount(0);

  // Again with Python up, in a new session (within one, a dropped file would be context_1): drop and press Run in the same breath.
  const second = makeNiah(12, 50_000);
  await page.getByTestId('new-session').click();
  await dropText(page, 'haystack2.txt', second.text);
  await ask(page, second.question);
  await expect(page.getByTestId('final-answer')).toHaveText(second.answer, { timeout: 90_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
});

test('a file dropped during a run loads after it (as the session\'s context_1): the running code keeps its context', async ({ page }) => {
  const model = await scripted('keep-context', [
    '```repl\nimport time\nbefore = repr(context)[:40]\ntime.sleep(3)\n```\n```repl\nFINAL(repr(context)[:40] == before)\n```',
  ]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'keep it');
  await blockRunning(page);
  await dropText(page, 'late.txt', 'dropped during the run\n');
  await expect(page.getByTestId('context-pending')).toContainText('late.txt will be added to the session');
  await expect(page.getByTestId('final-answer')).toHaveText('True', { timeout: 60_000 });
  await expect(page.getByTestId('session-context')).toContainText('late.txt');
  await expect(page.getByTestId('context-pending')).toHaveCount(0);
});

test('a run cut off by a reload in iteration 1 is kept, and shows as interrupted', async ({ page }) => {
  const model = await scripted('cut-off', ['```repl\nimport time\ntime.sleep(600)\n```']);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'never finishes');
  await blockRunning(page);
  await page.reload();
  await expect(page.getByTestId('history-item').first()).toContainText('interrupted');
  await page.getByTestId('history-item').first().click();
  await expect(page.getByTestId('run-status')).toHaveText('interrupted');
});
