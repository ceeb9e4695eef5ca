/**
 * Phones and tablets (issue 17): below Tailwind's `lg` the settings and history are a drawer opened from the header,
 * the iteration detail is stacked, the main controls are touch-sized and the page never scrolls sideways. At
 * desktop width the sidebar and the split panes are as before.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ask, expectSandboxReady, ollamaUrl, scripted } from './helpers';

const SHOTS = '/tmp/rlm-shots';
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
];

const repl = (code: string) => '```repl\n' + code + '\n```';

async function seriousFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

/** The page itself never scrolls sideways (panels may: the strip, a long code line). */
async function expectNoSideScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'page wider than the window').toBeLessThanOrEqual(innerWidth);
}

async function expectTouchSized(page: Page, testId: string) {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, `${testId} is laid out`).not.toBeNull();
  expect(box!.height, `${testId} height`).toBeGreaterThanOrEqual(44);
  expect(box!.width, `${testId} width`).toBeGreaterThanOrEqual(44);
}

for (const size of SIZES) {
  test(`${size.name} ${size.width}×${size.height}: drawer, stacked run view, touch targets, no side scroll, axe`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const longLine = `print("${'wide '.repeat(40)}")`;
    const model = await scripted(`mobile-${size.name}`, [`Look first.\n${repl(`x = 6 * 7\n${longLine}\nprint(x)`)}`, repl('FINAL("42")')]);
    await page.goto(ollamaUrl(model));
    await expectSandboxReady(page);
    await expectNoSideScroll(page);
    await expect(page.getByTestId('sidebar')).toBeHidden();
    for (const id of ['drawer-open', 'run-button', 'tab-run', 'tab-bench']) await expectTouchSized(page, id);
    expect(await seriousFindings(page)).toEqual([]);

    // Open the drawer: focus moves into it; pick a setting; Esc closes it and gives the focus back.
    await page.getByTestId('drawer-open').click();
    const sidebar = page.getByTestId('sidebar');
    await expect(sidebar).toBeVisible();
    await expect(sidebar).toHaveAttribute('role', 'dialog');
    await expect(page.getByTestId('drawer-close')).toBeFocused();
    await expectTouchSized(page, 'drawer-close');
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    await sidebar.locator('summary', { hasText: 'Run limits' }).click();
    await page.getByTestId('engine-maxIterations').fill('7');
    await page.getByTestId('engine-maxIterations').press('Enter');
    await expectNoSideScroll(page);
    expect(await seriousFindings(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/mobile-${size.name}-drawer.png` });
    await page.keyboard.press('Escape');
    await expect(sidebar).toBeHidden();
    await expect(page.getByTestId('drawer-open')).toBeFocused();
    // The setting was kept; the close button closes too.
    await page.getByTestId('drawer-open').click();
    await expect(page.getByTestId('engine-maxIterations')).toHaveValue('7');
    await page.getByTestId('drawer-close').click();
    await expect(sidebar).toBeHidden();
    await expect(page.getByTestId('drawer-open')).toBeFocused();

    // A run: the answer, then the first iteration with its panes one under the other.
    await ask(page, 'What is 6 * 7?');
    await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
    await expect(page.getByTestId('run-status')).toHaveText('done');
    // The strip's cards are whole (its own box scrolls sideways; nothing is cut off vertically).
    const cut = await page.getByTestId('timeline-card').evaluateAll((cards) => cards.filter((c) => c.scrollHeight > c.clientHeight + 1).length);
    expect(cut, 'cards whose content is taller than the card').toBe(0);
    await page.getByTestId('timeline-strip').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/mobile-${size.name}-answer.png` });
    await page.getByTestId('timeline-card').first().click();
    const detail = page.getByTestId('iteration-detail');
    await expect(detail).toHaveAttribute('data-iteration', '1');
    await expect(detail).toHaveAttribute('data-layout', 'stacked');
    const talk = await detail.getByRole('region', { name: 'Conversation' }).boundingBox();
    const exec = await detail.getByRole('region', { name: 'Execution' }).boundingBox();
    expect(exec!.y, 'execution below the conversation').toBeGreaterThanOrEqual(talk!.y + talk!.height - 1);
    expect(Math.abs(exec!.x - talk!.x), 'same column').toBeLessThan(2);
    await expect(detail).toContainText('42');
    await expectNoSideScroll(page);
    for (const summary of await page.locator('main summary').all()) await summary.click();
    expect(await seriousFindings(page)).toEqual([]);
    await detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/mobile-${size.name}-run.png` });

    // The benchmark form fits too: neither the page nor the main panel scrolls sideways.
    await page.getByTestId('tab-bench').click();
    await expect(page.getByTestId('bench-config')).toBeVisible();
    await expectNoSideScroll(page);
    const main = await page.getByTestId('main-panel').evaluate((m) => ({ scroll: m.scrollWidth, client: m.clientWidth }));
    expect(main.scroll, 'main panel wider than its box').toBeLessThanOrEqual(main.client);
    await page.screenshot({ path: `${SHOTS}/mobile-${size.name}-bench.png` });
  });
}

test('desktop 1366×768 keeps the sidebar and the split panes', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const model = await scripted('mobile-desktop', [repl('print(6 * 7)'), repl('FINAL("42")')]);
  await page.goto(ollamaUrl(model));
  await expectSandboxReady(page);
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('sidebar')).not.toHaveAttribute('role', 'dialog');
  await expect(page.getByTestId('drawer-open')).toBeHidden();
  expect((await page.getByTestId('sidebar').boundingBox())!.width).toBe(320);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  await page.getByTestId('timeline-card').first().click();
  await expect(page.getByTestId('iteration-detail')).toHaveAttribute('data-layout', 'split');
  await expectNoSideScroll(page);
});
