/**
 * The run view as a debugger: a live run fills the strip and is followed, keyboard stepping,
 * the selection in the URL hash across a reload, Esc, an imported official log's numbers, and
 * model text that tries to load or run something.
 */
import { expect, test, type Page } from '@playwright/test';
import { fixture, manifestRows } from '../tests/official-manifest';
import { ask, expectSandboxReady, FAKE, ollamaUrl } from './helpers';

async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}

const repl = (code: string) => '```repl\n' + code + '\n```';
const detail = (page: Page) => page.getByTestId('iteration-detail');

/** The open iteration and the newest card, read at the same instant. */
const followState = (page: Page) =>
  page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline-card"]')];
    const open = document.querySelector<HTMLElement>('[data-testid="iteration-detail"]');
    return { cards: cards.length, newest: cards.at(-1)?.dataset.iteration ?? null, open: open?.dataset.iteration ?? null };
  });

test('a live run fills the strip and the newest iteration is followed unless another was picked', async ({ page }) => {
  const steps = Array.from({ length: 5 }, (_, i) => `Step ${i + 1}.\n${repl(`import time\ntime.sleep(1.2)\nprint("step-${i + 1}")`)}`);
  const model = await scripted('live', [...steps, repl('FINAL("all steps done")')]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'take six steps');
  await expect.poll(async () => (await followState(page)).cards, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const s = await followState(page);
  expect(s.open, 'the newest iteration is open').toBe(s.newest);
  // Picking an earlier one pins it while the run goes on, and offers to follow again.
  await page.getByTestId('timeline-card').first().click();
  await expect(detail(page)).toHaveAttribute('data-iteration', '1');
  await expect(page.getByTestId('follow-latest')).toBeVisible();
  const pinnedAt = (await followState(page)).cards;
  await expect.poll(async () => (await followState(page)).cards, { timeout: 30_000 }).toBeGreaterThan(pinnedAt);
  await expect(detail(page)).toHaveAttribute('data-iteration', '1');
  await page.getByTestId('follow-latest').click();
  await expect.poll(async () => { const f = await followState(page); return f.open === f.newest; }).toBe(true);
  await expect(page.getByTestId('final-answer')).toHaveText('all steps done', { timeout: 60_000 });
  await expect(page.getByTestId('timeline-card')).toHaveCount(6);
  await expect(detail(page)).toHaveAttribute('data-iteration', '6');
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-iterations', '6');
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-blocks', '6');
});

test('keyboard stepping, the jump box, the URL hash across a reload, and Esc', async ({ page }) => {
  const model = await scripted('steps', [1, 2, 3].map((n) => `Step ${n}.\n${repl(`x${n} = ${n}\nprint("out-${n}")`)}`).concat(repl('FINAL("four")')));
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'step through');
  await expect(page.getByTestId('final-answer')).toHaveText('four', { timeout: 60_000 });
  const cards = page.getByTestId('timeline-card');
  const count = 4;
  await expect(cards).toHaveCount(count);
  await expect(detail(page)).toHaveAttribute('data-iteration', String(count));
  await page.getByRole('heading', { name: 'RLM Studio' }).click();
  await page.keyboard.press('Home');
  await expect(detail(page)).toHaveAttribute('data-iteration', '1');
  await expect(cards.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(detail(page)).toHaveAttribute('data-iteration', '2');
  await page.keyboard.press('j');
  await expect(detail(page)).toHaveAttribute('data-iteration', '3');
  await page.keyboard.press('k');
  await expect(detail(page)).toHaveAttribute('data-iteration', '2');
  await page.keyboard.press('End');
  await expect(detail(page)).toHaveAttribute('data-iteration', String(count));
  await page.keyboard.press('ArrowLeft');
  await expect(detail(page)).toHaveAttribute('data-iteration', String(count - 1));
  // Keys typed in a text field are the field's.
  await page.getByTestId('question-input').press('Home');
  await page.getByTestId('question-input').press('j');
  await expect(detail(page)).toHaveAttribute('data-iteration', String(count - 1));
  await page.getByTestId('jump-input').fill('2');
  await page.getByTestId('jump-input').press('Enter');
  await expect(detail(page)).toHaveAttribute('data-iteration', '2');
  await expect(page).toHaveURL(/#run=[^&]+&it=2$/);
  // The conversation at iteration 2 is what the model was sent: system prompt (collapsed), question, response 1, feedback 1.
  const conv = detail(page).getByTestId('conversation');
  await expect(conv.locator('details').first()).not.toHaveAttribute('open', /.*/);
  await expect(conv.getByTestId('message')).toHaveCount(3);
  await expect(conv.getByTestId('message').nth(2)).toContainText('REPL output');

  // A reload reopens the run from history at the same iteration.
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(detail(page)).toHaveAttribute('data-iteration', '2', { timeout: 30_000 });
  await expect(page.getByTestId('final-answer')).toHaveText('four');
  await expect(detail(page).getByTestId('block-stdout')).toHaveText('out-2');

  // Esc in the question box belongs to the box; on the page it leaves the detail view of a finished run.
  await page.getByTestId('question-input').press('Escape');
  await expect(detail(page)).toBeVisible();
  await page.getByRole('heading', { name: 'RLM Studio' }).click();
  await page.keyboard.press('Escape');
  await expect(detail(page)).toHaveCount(0);
  await expect(page).toHaveURL(/#run=[^&]+$/);
  await expect(page.getByTestId('timeline-card')).toHaveCount(count);
  await page.keyboard.press('ArrowRight');
  await expect(detail(page)).toHaveAttribute('data-iteration', '1');
});

test('an imported official log shows the MANIFEST counts and replays the same way', async ({ page }) => {
  const row = manifestRows().find((r) => r.file === 'niah_depth1.jsonl')!;
  await page.goto(ollamaUrl('solver'));
  await page.getByTestId('import-input').setInputFiles({ name: row.file, mimeType: 'application/x-ndjson', buffer: Buffer.from(fixture(row.file)) });
  const stats = page.getByTestId('run-stats');
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  await expect(stats).toHaveAttribute('data-completions', String(row.completions));
  await expect(stats).toHaveAttribute('data-iterations', String(sum(row.iterations)));
  await expect(stats).toHaveAttribute('data-blocks', String(sum(row.blocks.flat())));
  await expect(stats).toHaveAttribute('data-subcalls', String(row.calls[1]));
  await expect(stats).toHaveAttribute('data-depth', String(row.depth));
  await expect(page.getByTestId('final-answer')).toHaveText(row.finals[0]!);
  await expect(page.getByTestId('timeline-card')).toHaveCount(sum(row.iterations));
  await page.getByRole('heading', { name: 'RLM Studio' }).click();
  await page.keyboard.press('Home');
  await expect(detail(page)).toHaveAttribute('data-iteration', '1');
  await expect(detail(page).getByTestId('code-block')).toHaveCount(row.blocks[0]![0]!);
  // The sub-call is in iteration 2, at depth 0, its prompt out of the DOM until opened.
  await page.keyboard.press('ArrowRight');
  const call = detail(page).getByTestId('subcall');
  await expect(call).toHaveCount(1);
  await expect(call).toHaveAttribute('data-depth', '0');
  await expect(call.getByTestId('subcall-prompt')).toHaveCount(0);
  await call.locator('summary').click();
  await expect(call.getByTestId('subcall-prompt')).toContainText('secret');
  await expect(call.getByTestId('subcall-response')).not.toBeEmpty();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await page.screenshot({ path: '/work/notes/shots/runview.png' });
});

test('model text with raw <img> and <script> loads nothing and runs nothing', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const evil = 'Look: <img src=http://127.0.0.1:9/x> and <script>window.__pwned = 1</script> and ![md](http://127.0.0.1:9/md.png)';
  const model = await scripted('xss', [`${evil}\n${repl('print("ok")')}`, `${evil}\n${repl('FINAL("<img src=http://127.0.0.1:9/final.png><script>window.__pwned = 2</script>")')}`]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await ask(page, 'be naughty');
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 60_000 });
  await expect(page.getByTestId('final-answer')).toContainText('<script>window.__pwned = 2</script>');
  // Iteration 2 shows response 1 in its conversation and its own response; iteration 1 its own.
  await expect(detail(page).getByTestId('conversation')).toContainText('<script>window.__pwned = 1</script>');
  await expect(detail(page).getByTestId('iteration-response')).toContainText('<img src=http://127.0.0.1:9/x>');
  await expect(detail(page).getByTestId('markdown-image').first()).toBeVisible();
  await page.getByTestId('timeline-card').first().click();
  await expect(detail(page).getByTestId('iteration-response')).toContainText('<script>');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('main img, main script').count()).toBe(0);
  // The listener saw the page's own requests (to the fake LLM), and none to the address in the text.
  expect(requests.some((u) => u.startsWith(FAKE))).toBe(true);
  expect(requests.filter((u) => u.includes('127.0.0.1:9/'))).toEqual([]);
});
