/**
 * The tree of calls and the swimlane: an imported depth-2 official log nests the child run
 * under its rlm_query call, a persistent session lists its turns in order, a live batch of
 * 20 slow sub-calls shows as overlapping bars, and a 1,000-iteration run stays a short DOM.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ask, dropText, expectSandboxReady, ollamaUrl } from './helpers';

const FIXTURES = 'tests/fixtures/official-rlm';
const SHOTS = '/work/notes/shots';

async function importFile(page: Page, name: string) {
  await page.getByTestId('import-input').setInputFiles(`${FIXTURES}/${name}`);
  await openCalls(page);
}

/** The tree lives in the run view's "Calls & timing" panel. */
async function openCalls(page: Page) {
  await page.getByRole('button', { name: 'Calls & timing' }).click();
  await expect(page.getByTestId('tree-panel')).toBeVisible();
}

const nodes = (page: Page) => page.getByTestId('tree-node');

async function shot(target: Locator, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: `${SHOTS}/${name}` });
}

test('an imported depth-2 log nests the child run and its iterations under the rlm_query call', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await importFile(page, 'depth2_nested.jsonl');
  const call = nodes(page).filter({ hasText: 'Add up the amounts' }).and(page.locator('[data-kind="subcall"]'));
  await expect(call).toHaveCount(1);
  await expect(call).toHaveAttribute('data-depth', '0');
  const callLevel = Number(await call.getAttribute('data-level'));
  // The next row is the child run, one level in, at run depth 1; its three iterations follow at depth 1.
  const child = page.locator('[data-testid="tree-node"][data-kind="run"][data-depth="1"]');
  await expect(child).toHaveCount(1);
  await expect(child).toHaveAttribute('data-level', String(callLevel + 1));
  await expect(child).toHaveAttribute('aria-expanded', 'true');
  const childIterations = page.locator('[data-testid="tree-node"][data-kind="iteration"][data-depth="1"]');
  await expect(childIterations).toHaveText([/Iteration 1/, /Iteration 2/, /Iteration 3/]);
  for (const it of await childIterations.all()) await expect(it).toHaveAttribute('data-level', String(callLevel + 2));
  await expect(page.locator('[data-testid="tree-node"][data-kind="subcall"][data-depth="1"]')).toHaveCount(1);
  await shot(page.getByTestId('tree-panel'), 'tree-depth2_nested.png');

  // Collapsing the call takes the child run out of the DOM; ← on the focused tree does it by keyboard.
  await call.click();
  await page.keyboard.press('ArrowLeft');
  await expect(call).toHaveAttribute('aria-expanded', 'false');
  await expect(child).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(child).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(child).toHaveAttribute('aria-selected', 'true');
});

test('a persistent session shows its turns in order, each over its own iterations', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await importFile(page, 'persistent_multiturn.jsonl');
  const turns = page.locator('[data-testid="tree-node"][data-kind="turn"]');
  await expect(turns).toHaveText([/Turn 1: Who owns the budget review\?/, /Turn 2: Given both standups/]);
  // Rows in document order: turn 1, its 2 iterations (each with a block), then turn 2 and its 3.
  const kinds = await nodes(page).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}`).filter((k) => k === 'turn' || k === 'iteration'));
  expect(kinds).toEqual(['turn', 'iteration', 'iteration', 'turn', 'iteration', 'iteration', 'iteration']);
});

test('a live batch of 20 slow sub-calls is 20 overlapping bars, stacked in lanes, in the swimlane', async ({ page }) => {
  await page.goto(ollamaUrl('batcher20'));
  await expectSandboxReady(page);
  await page.locator('summary', { hasText: 'Run limits' }).click();
  const conc = page.getByTestId('engine-subcallConcurrency');
  await conc.fill('20');
  await conc.blur();
  await dropText(page, 'haystack.txt', Array.from({ length: 200 }, (_, i) => (i === 150 ? 'The secret number is 5551212.' : `filler line ${i}`)).join('\n'));
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, 'What is the secret number?');
  await openCalls(page);
  await page.getByTestId('tree-tab-swimlane').click();
  const lane = page.getByTestId('swimlane');
  // While the batch runs, its bars are there already.
  await expect(lane.getByTestId('swimlane-bar').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('final-answer')).toHaveText('5551212', { timeout: 90_000 });
  const bars = lane.getByTestId('swimlane-bar');
  await expect(bars).toHaveCount(20);
  const boxes = (await Promise.all((await bars.all()).map((b) => b.boundingBox()))).map((b) => b!);
  // Two bars overlap in time when their x ranges do (1 px of slack for rounding at a lane's hand-over).
  const overlap = (a: (typeof boxes)[0], b: (typeof boxes)[0]) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1;
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      if (!overlap(boxes[i], boxes[j])) continue;
      pairs++;
      expect(Math.round(boxes[i].y), 'calls in flight together never share a lane').not.toBe(Math.round(boxes[j].y));
    }
  // The sandbox runs at most 16 of one batch at once (as the official rlm does), so 20 calls take 16 lanes.
  const lanes = new Set(boxes.map((b) => Math.round(b.y))).size;
  console.log(`swimlane: ${boxes.length} bars in ${lanes} lanes, ${pairs} overlapping pairs`);
  expect(lanes).toBeGreaterThanOrEqual(16);
  await expect(lane).toHaveAttribute('data-lanes', String(lanes));
  expect(pairs).toBeGreaterThanOrEqual((16 * 15) / 2);
  await bars.first().focus();
  await expect(page.getByTestId('swimlane-tip')).toContainText('model batcher20');
  await expect(bars.first()).toHaveAccessibleName(/^Sub-call at depth 0, iteration 1, /);
  await shot(page.getByTestId('tree-panel'), 'swimlane-batch20.png');
  // Tabs move with the arrow keys.
  await page.getByTestId('tree-tab-swimlane').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tree-tab-tree')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tree-tab-tree')).toBeFocused();
  await expect(page.getByTestId('swimlane')).toHaveCount(0);
});

/** Our own JSONL: one run with `n` iterations, each a block making one sub-call. */
function bigRunJsonl(n: number): string {
  const env = { runId: 'tree-big-run', parentCallId: null, depth: 0, turn: 0 };
  const settings = { rootModel: 'm', subModel: 's', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: n, maxOutputChars: 9, blockTimeoutMs: 9, subcallConcurrency: 1 };
  const usage = { inputTokens: 10, outputTokens: 2, estimated: false };
  const lines: unknown[] = [{ type: 'rlm-studio-trajectory', version: 2 }, { type: 'run-started', at: 0, question: 'big', context: null, settings, ...env }];
  for (let i = 1; i <= n; i++) {
    const at = i * 10;
    lines.push({ type: 'iteration-started', iteration: i, at, forced: false, ...env });
    lines.push({ type: 'response', iteration: i, at, content: 'c', thinking: '', usage, cost: 0, model: 'm', durationMs: 1, ...env });
    lines.push({ type: 'code-started', iteration: i, block: 1, at, code: 'x = 1', lang: 'repl', ...env });
    lines.push({ type: 'subcall-started', id: `s${i}`, iteration: i, block: 1, at, prompt: `part ${i}`, model: 's', ...env });
    lines.push({ type: 'subcall-finished', id: `s${i}`, at: at + 5, response: 'r', usage, cost: 0, durationMs: 5, ...env });
    lines.push({ type: 'code-finished', iteration: i, block: 1, at: at + 6, stdout: '', stderr: '', ok: true, durationMs: 6, variables: [], ...env });
  }
  lines.push({ type: 'final', iteration: n, at: n * 10 + 7, answer: 'done', via: 'FINAL', ...env });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

test('a 1,000-iteration run keeps the tree a short DOM and End reaches the last row', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await page.getByTestId('import-input').setInputFiles({ name: 'big.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bigRunJsonl(1000)) });
  await openCalls(page);
  await expect(page.getByTestId('tree-panel')).toContainText('3,001 rows', { timeout: 60_000 });
  expect(await nodes(page).count()).toBeLessThan(60);
  await page.getByRole('tree', { name: 'Tree of calls' }).focus();
  const t0 = Date.now();
  await page.keyboard.press('End');
  const last = nodes(page).filter({ hasText: 'part 1000' });
  await expect(last).toHaveAttribute('aria-selected', 'true');
  console.log(`tree: End on 3,001 rows, seen by the test after ${Date.now() - t0} ms`);
  expect(await nodes(page).count()).toBeLessThan(60);
  // Key press → the new row selected and laid out, measured in the page: ↑ 30 times from the end.
  // (The frame after it is paint, which on this machine's software raster depends on the whole page.)
  const times = await page.evaluate(async () => {
    const tree = document.querySelector('[role="tree"]') as HTMLElement;
    const out: { ms: number; frame: number; moved: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      const before = tree.getAttribute('aria-activedescendant');
      const t = performance.now();
      tree.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
      await Promise.resolve();
      void tree.getBoundingClientRect();
      const ms = performance.now() - t;
      const moved = tree.getAttribute('aria-activedescendant') !== before;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push({ ms, frame: performance.now() - t, moved });
    }
    return out;
  });
  expect(times.every((x) => x.moved)).toBe(true);
  const p95 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  const step = p95(times.map((x) => x.ms));
  console.log(`tree: ↑ → row selected and laid out, p95 ${step.toFixed(1)} ms; to the next frame p95 ${p95(times.map((x) => x.frame)).toFixed(1)} ms`);
  await expect(nodes(page).filter({ hasText: 'part 990' })).toHaveAttribute('aria-selected', 'true');
  expect(step).toBeLessThan(50);
});
