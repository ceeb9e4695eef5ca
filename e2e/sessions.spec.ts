/**
 * Sessions (issue 9): questions one after another on one Python REPL, as the official `persistent=True`.
 * The `coder` fake model runs the code each question quotes, so each turn is scripted by its own question.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ask, dropText, expectSandboxReady, ollamaUrl } from './helpers';

const readDownload = async (d: Promise<Download>) => readFileSync((await (await d).path())!, 'utf8');
const download = (page: Page, testId: string) =>
  readDownload((async () => {
    const d = page.waitForEvent('download');
    await page.getByTestId(testId).click();
    return d;
  })());

async function answer(page: Page, question: string, expected: string | RegExp) {
  await ask(page, question);
  await expect(page.getByTestId('final-answer')).toHaveText(expected, { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
}

test('a three-turn session: variables persist, a mid-session file is context_1, history_0 is readable, the model switches; one history item; exports carry every turn; New session starts clean', async ({ page }) => {
  await page.goto(ollamaUrl('coder'));
  await expectSandboxReady(page);
  await dropText(page, 'first.txt', 'alpha beta gamma\n');
  await expect(page.getByTestId('context-ready')).toContainText('first.txt');

  await answer(page, 'Run `x = 6 * 7; print(x)`', '42');
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-mode', 'follow-up');
  await expect(page.getByTestId('new-session')).toBeVisible();

  // Turn 2 reads the variable turn 1 made: the REPL was not reset.
  await answer(page, 'Run `print(x + 1)`', '43');

  // A file dropped mid-session is context_1; `context` stays the first file.
  await dropText(page, 'second.txt', 'delta epsilon\n');
  await expect(page.getByTestId('session-context')).toContainText('second.txt');
  await expect(page.getByTestId('context-ready')).toContainText('first.txt');
  await expect(page.getByTestId('session-drop-note')).toContainText('context_2');

  // Turn 3 on another root model reads context_1, history_0 and turn 1's x.
  await page.getByTestId('model-select').selectOption('coder-b');
  await answer(page, 'Run `print(context_1.split()[0], len(history_0), history_0[1]["content"][:25], x, context.split()[0])`', 'delta 5 Answer the following: Run 42 alpha');

  const turns = page.getByTestId('session-turn');
  await expect(turns).toHaveCount(3);
  expect(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-model')))).toEqual(['coder', 'coder', 'coder-b']);
  await expect(turns.nth(0).getByTestId('turn-answer')).toHaveText('42');
  await expect(turns.nth(1).getByTestId('turn-answer')).toHaveText('43');
  await expect(turns.nth(2)).toContainText('context_1 (second.txt)');
  await expect(page.getByTestId('timeline-card')).toHaveCount(6);

  // One history item for the whole session.
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-turns')).toHaveAttribute('data-turns', '3');
  await page.screenshot({ path: '/work/notes/shots/session-3-turns.png', fullPage: true });

  // Our JSONL: three turns of one run, the last told what the REPL holds.
  const lines = (await download(page, 'export-button')).trim().split('\n').map((l) => JSON.parse(l));
  const starts = lines.filter((e) => e.type === 'run-started' && e.parentCallId === null);
  expect(starts.map((e) => [e.turn, e.settings.rootModel])).toEqual([[0, 'coder'], [1, 'coder'], [2, 'coder-b']]);
  expect(new Set(starts.map((e) => e.runId)).size).toBe(1);
  expect(starts[2].session).toMatchObject({ contexts: 2, histories: 2, extraContexts: [{ name: 'second.txt' }] });
  const firstPrompt3 = lines.find((e) => e.type === 'iteration-started' && e.turn === 2).prompt.add.map((m: { content: string }) => m.content).join('\n');
  expect(firstPrompt3).toContain('Note: You have 2 contexts available (context_0 through context_1).');
  expect(firstPrompt3).toContain('Note: You have 2 prior conversation histories available (history_0 through history_1).');
  // Official JSONL: one completion per turn, 2 iterations each; the notebook a section per question.
  const official = (await download(page, 'export-official')).trim().split('\n').map((l) => JSON.parse(l));
  expect(official.filter((l) => l.type === 'iteration')).toHaveLength(6);
  expect(official.filter((l) => l.type === 'iteration' && l.final_answer !== null).map((l) => l.final_answer)).toEqual(['42', '43', 'delta 5 Answer the following: Run 42 alpha']);
  const nb = JSON.parse(await download(page, 'export-notebook'));
  const md = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'markdown').map((c: { source: string[] | string }) => [c.source].flat().join('')).join('\n');
  for (const h of ['## Question 1', '## Question 2', '## Question 3']) expect(md).toContain(h);

  // New session: a clean namespace (turn 1's x is gone), and a second history item.
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('session-turn')).toHaveCount(0);
  await expect(page.getByTestId('session-context')).toHaveCount(0);
  await answer(page, 'Run `print(x)`', "NameError: name 'x' is not defined");
  await expect(page.getByTestId('history-item')).toHaveCount(2);

  // The old session reopened from history shows every turn, and says it cannot be continued.
  await page.getByTestId('history-item').filter({ has: page.getByTestId('history-turns') }).click();
  await expect(page.getByTestId('session-turn')).toHaveCount(3);
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-mode', 'closed');
  await expect(page.getByTestId('new-session')).toHaveCount(0);
});

test('a reload starts clean: the shown run offers no follow-up and a Run is turn 0 of a new session', async ({ page }) => {
  await page.goto(ollamaUrl('coder'));
  await expectSandboxReady(page);
  await answer(page, 'Run `y = 5; print(y)`', '5');
  await page.reload();
  await expectSandboxReady(page);
  // The URL hash shows the run again, as one opened from history: readable, not continued.
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-mode', 'closed');
  await expect(page.getByTestId('new-session')).toHaveCount(0);
  await answer(page, 'Run `print(y)`', "NameError: name 'y' is not defined");
  await expect(page.getByTestId('history-item')).toHaveCount(2);
});
