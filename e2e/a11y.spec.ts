/**
 * axe-core on every main view: the start page, a finished run, settings open,
 * and an error panel. No serious or critical finding is allowed; each one is
 * printed with its rule, the elements and axe's own summary, so a failure says
 * what to fix.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ask, dropText, expectSandboxReady, FAKE, ollamaUrl, openaiUrl } from './helpers';
import { fixture } from '../tests/official-manifest';

async function seriousFindings(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

test('start page', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  expect(await seriousFindings(page)).toEqual([]);
});

test('a finished run (local OpenAI-compatible server, which costs $0)', async ({ page }) => {
  await page.goto(openaiUrl('solver'));
  await expectSandboxReady(page);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
  // 127.0.0.1 is this machine: $0, not "≥ $0" or "$ –".
  await expect(page.getByTestId('run-cost')).toHaveText('$0');
  // Open every collapsed detail so axe sees all of the timeline.
  for (const summary of await page.locator('main summary').all()) await summary.click();
  expect(await seriousFindings(page)).toEqual([]);
});

test('settings open', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await page.locator('summary', { hasText: 'Run limits' }).click();
  await page.locator('summary', { hasText: 'Prices' }).click();
  await page.getByTestId('add-host').click();
  await page.getByTestId('sub-provider-select').selectOption('openai');
  await expect(page.getByTestId('preset-select')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('the run limits panel with budgets, link limits and the prompt editor', async ({ page }) => {
  await page.goto(ollamaUrl('solver', '&maxSubcalls=2&maxWallMs=5000&strategy=profile'));
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await page.locator('summary', { hasText: 'Run limits' }).click();
  await expect(page.getByTestId('link-limits')).toBeVisible();
  await page.getByTestId('engine-maxTokens').fill('-3');
  await page.getByTestId('engine-maxTokens').press('Enter');
  await expect(page.getByTestId('engine-maxTokens-problem')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('an error panel (dead server host)', async ({ page }) => {
  await page.goto(`/?provider=ollama&host=${encodeURIComponent('http://127.0.0.1:9')}&model=x`);
  await expect(page.getByTestId('connection-error')).toBeVisible({ timeout: 15_000 });
  await ask(page, 'anything');
  await expect(page.getByTestId('run-error')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('the tree of calls and the swimlane (imported depth-2 official log)', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await page.getByTestId('import-input').setInputFiles('tests/fixtures/official-rlm/depth2_nested.jsonl');
  await page.getByRole('button', { name: 'Calls & timing' }).click();
  await expect(page.locator('[data-testid="tree-node"][data-depth="1"]').first()).toBeVisible();
  // With a row active, so aria-activedescendant and aria-selected are checked too.
  await page.getByRole('tree', { name: 'Tree of calls' }).focus();
  await page.keyboard.press('ArrowDown');
  const panel = '[data-testid="tree-panel"]';
  expect(await seriousFindings(page, panel)).toEqual([]);
  await page.getByTestId('tree-tab-swimlane').click();
  await page.getByTestId('swimlane-bar').first().focus();
  await expect(page.getByTestId('swimlane-tip')).toBeVisible();
  expect(await seriousFindings(page, panel)).toEqual([]);
});

test('the compare view (two runs from history)', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  for (const [q, a] of [['What is 6 * 7?', '42'], ['How many primes are there below 1000?', '168']]) {
    // Two runs, not two turns of one session.
    if (await page.getByTestId('new-session').count()) await page.getByTestId('new-session').click();
    await ask(page, q);
    await expect(page.getByTestId('final-answer')).toHaveText(a, { timeout: 60_000 });
    await expect(page.getByTestId('run-status')).toHaveText('done');
  }
  await page.getByTestId('history-select').nth(0).check();
  await page.getByTestId('history-select').nth(1).check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('compare-row').first()).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('the run view: strip, step bar, both panes with a sub-call open, then the calls tab', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await page.getByTestId('import-input').setInputFiles({ name: 'niah_depth1.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(fixture('niah_depth1.jsonl')) });
  await expect(page.getByTestId('timeline-card')).toHaveCount(3);
  await page.getByTestId('timeline-card').nth(1).click();
  await expect(page.getByTestId('iteration-detail')).toHaveAttribute('data-iteration', '2');
  for (const summary of await page.locator('main summary').all()) await summary.click();
  await expect(page.getByTestId('subcall-prompt')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
  await page.getByRole('button', { name: 'Calls & timing' }).click();
  await expect(page.getByTestId('calls-panel')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('the benchmark tab with a configured matrix', async ({ page }) => {
  const q = new URLSearchParams({ tab: 'bench', provider: 'ollama', host: FAKE, tasks: 'niah,sniah', lines: '1000', sizes: '8000', trials: '2', methods: 'rlm,vanilla' });
  q.append('m', `ollama,bench-good,${FAKE}`);
  await page.goto(`/?${q}`);
  await expect(page.getByTestId('bench-model')).toHaveCount(1);
  await expect(page.getByTestId('bench-model-option').first()).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('a page with a file loaded (the drop zone holds Remove and the pick control: no nested-interactive)', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await dropText(page, 'notes.txt', 'alpha\nbeta\n');
  await expect(page.getByTestId('context-ready')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
  // And with a file that could not be loaded (its Dismiss / Pick another file buttons).
  await dropText(page, 'blob.bin', Buffer.from([0, 1, 2, 0, 255, 0]), 'application/octet-stream');
  await expect(page.getByTestId('context-error')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});

test('the benchmark tab with results (table, charts, trial list open)', async ({ page }) => {
  test.setTimeout(180_000);
  const q = new URLSearchParams({ tab: 'bench', provider: 'ollama', host: FAKE, tasks: 'niah', lines: '1000', trials: '1', seed: '42', methods: 'rlm,vanilla' });
  q.append('m', `ollama,bench-good,${FAKE}`);
  q.append('m', `ollama,bench-bad,${FAKE}`);
  await page.goto(`/?${q}`);
  await expectSandboxReady(page);
  await expect(page.getByTestId('bench-model')).toHaveCount(2);
  await page.getByTestId('bench-run').click();
  await expect(page.locator('[data-testid="bench-row"][data-trials="1"]')).toHaveCount(4, { timeout: 120_000 });
  await expect(page.locator('[data-testid="bench-charts"] canvas').first()).toBeVisible();
  await page.locator('[data-testid="bench-trials"] summary').click();
  expect(await seriousFindings(page)).toEqual([]);
});

test('step mode, paused before a block (the whole page, not only the step panel)', async ({ page }) => {
  const model = `scripted:a11y-step-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses: ['```repl\nprint(6 * 7)\n```', 'FINAL(done)'] }) });
  expect(r.ok).toBe(true);
  await page.goto(ollamaUrl(model, '&stepMode=1'));
  await expectSandboxReady(page);
  await ask(page, 'Step through it.');
  await expect(page.getByTestId('step-panel')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('code-editor')).toBeVisible();
  expect(await seriousFindings(page)).toEqual([]);
});
