/**
 * The benchmark tab against the fake server: a 2 tasks × 2 models × 3 methods × 2 trials matrix whose numbers
 * follow from the fake policies (tools/fake-llm/README.md: bench-good solves, bench-bad fails in known ways),
 * charts, a reload mid-matrix, a bad bring-your-own file, a host that dies, and a config from the URL.
 */
import { expect, test, type Page } from '@playwright/test';
import { createFakeLlmServer } from '../tools/fake-llm/server';
import { expectSandboxReady, FAKE, fakeStats, resetFake } from './helpers';

const SHOTS = '/work/notes/shots';

/** `/?tab=bench&…` with one `m=PROVIDER,MODEL,HOST` per model (the link format). */
function benchUrl(params: Record<string, string>, models: [string, string, string][]): string {
  // The provider's own host is the fake server too, so its model list fills the picker.
  const q = new URLSearchParams({ tab: 'bench', provider: 'ollama', host: FAKE, ...params });
  for (const m of models) q.append('m', m.join(','));
  return `/?${q.toString()}`;
}

const MATRIX = { tasks: 'niah,multi-needle', lines: '1000', sizes: '8000', trials: '2', seed: '42', methods: 'rlm,rlm-no-sub,vanilla', perHost: '2' };

function row(page: Page, model: string, method: string, task: string) {
  return page.locator(`[data-testid="bench-row"][data-model="${model}"][data-method="${method}"][data-task="${task}"]`);
}

async function progress(page: Page): Promise<{ done: number; total: number }> {
  const p = page.getByTestId('bench-progress');
  return { done: Number(await p.getAttribute('data-done')), total: Number(await p.getAttribute('data-total')) };
}

test.beforeEach(async () => {
  await resetFake();
});

test('a 2 × 2 × 3 × 2 matrix: the table matches the fake policies and the charts render', async ({ page }) => {
  test.setTimeout(300_000);
  // Tall enough that the screenshots show the whole tab (its panel scrolls inside the page, which fullPage misses).
  await page.setViewportSize({ width: 1400, height: 2600 });
  await page.goto(benchUrl(MATRIX, [['ollama', 'bench-good', FAKE], ['ollama', 'bench-bad', FAKE]]));
  await expectSandboxReady(page);
  await expect(page.getByTestId('bench-model')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/bench-config.png` });
  await page.getByTestId('bench-run').click();
  const bar = page.getByTestId('bench-progress');
  await expect(bar).toHaveAttribute('data-total', '24');
  await expect.poll(async () => (await progress(page)).done, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}/bench-running.png` });
  await expect(page.getByTestId('bench-row')).toHaveCount(12, { timeout: 240_000 });
  await expect.poll(async () => page.locator('[data-testid="bench-row"][data-trials="2"]').count(), { timeout: 240_000 }).toBe(12);
  for (const task of ['niah', 'multi-needle'])
    for (const method of ['rlm', 'rlm-no-sub', 'vanilla']) {
      await expect(row(page, 'bench-good', method, task)).toHaveAttribute('data-correct', '2');
      await expect(row(page, 'bench-good', method, task)).toHaveAttribute('data-errors', '0');
      // bench-good: RLM in 2 iterations (compute, then FINAL_VAR), one-shot in 1 call.
      await expect(row(page, 'bench-good', method, task)).toHaveAttribute('data-iters', method === 'vanilla' ? '1' : '2');
    }
  // bench-bad: see BAD below for what each method must produce.
  for (const [method, task, attr, value] of BAD) await expect(row(page, 'bench-bad', method, task)).toHaveAttribute(attr, value);
  const canvases = page.locator('[data-testid="bench-charts"] canvas');
  await expect(canvases.first()).toBeVisible();
  expect(await canvases.count()).toBeGreaterThanOrEqual(4);
  for (const c of await canvases.all()) {
    const box = await c.boundingBox();
    expect(box!.width * box!.height).toBeGreaterThan(0);
  }
  await page.screenshot({ path: `${SHOTS}/bench-results.png` });
  // A trial opens in the run view, and the run history stays empty.
  await page.locator('[data-testid="bench-trials"] summary').click();
  await page.getByTestId('bench-trial-open').first().click();
  await expect(page.getByTestId('tab-run')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('timeline-card').first()).toBeVisible();
  await expect(page.getByTestId('history-item')).toHaveCount(0);
});

/**
 * tools/fake-llm/README.md "Bench policies": bench-bad is wrong on every method, without errors; on NIAH its RLM
 * answers in 1 iteration (FINAL(1234567)), on multi-needle in 2 (the first 2 codes); one-shot is always 1 call.
 */
const BAD: [string, string, string, string][] = [
  ...['rlm', 'rlm-no-sub', 'vanilla'].flatMap((m) => ['niah', 'multi-needle'].flatMap((t) => [[m, t, 'data-correct', '0'], [m, t, 'data-errors', '0'], [m, t, 'data-exceeds', '0']] as [string, string, string, string][])),
  ['rlm', 'niah', 'data-iters', '1'],
  ['rlm-no-sub', 'niah', 'data-iters', '1'],
  ['rlm', 'multi-needle', 'data-iters', '2'],
  ['vanilla', 'niah', 'data-iters', '1'],
  ['vanilla', 'multi-needle', 'data-iters', '1'],
];

test('reload mid-matrix, then resume: finished trials are kept and the total completes', async ({ page }) => {
  test.setTimeout(240_000);
  // @lat300 slows every call, so the reload lands mid-matrix; one trial at a time.
  const url = benchUrl({ tasks: 'niah', lines: '1000', trials: '3', seed: '7', methods: 'rlm,vanilla', perHost: '1' }, [['ollama', 'bench-good@lat300', FAKE]]);
  await page.goto(url);
  await expectSandboxReady(page);
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-progress')).toHaveAttribute('data-total', '6');
  await expect.poll(async () => (await progress(page)).done, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const before = (await progress(page)).done;
  expect(before).toBeLessThan(6);
  await page.reload();
  await expect(page.getByTestId('bench-resume')).toBeVisible();
  const kept = await page.getByTestId('bench-trial').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  expect(kept.length).toBeGreaterThanOrEqual(before);
  expect(kept.length).toBeLessThan(6);
  await expectSandboxReady(page);
  await page.getByTestId('bench-resume').click();
  await expect(page.getByTestId('bench-progress')).toHaveAttribute('data-done', '6', { timeout: 120_000 });
  await expect.poll(async () => page.getByTestId('bench-trial').count(), { timeout: 30_000 }).toBe(6);
  const all = await page.getByTestId('bench-trial').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  expect(new Set(all).size).toBe(6);
  for (const k of kept) expect(all).toContain(k);
  await expect(row(page, 'bench-good@lat300', 'rlm', 'niah')).toHaveAttribute('data-trials', '3');
  await expect(row(page, 'bench-good@lat300', 'vanilla', 'niah')).toHaveAttribute('data-trials', '3');
});

test('a bring-your-own file with a bad line names the line and adds nothing', async ({ page }) => {
  await page.goto(benchUrl({ tasks: 'niah', lines: '1000', trials: '1', methods: 'rlm' }, [['ollama', 'bench-good', FAKE]]));
  const good = (id: number) => JSON.stringify({ id, question: 'What is the code?', context: `the code is ${id}`, expected: String(id) });
  const file = (name: string, text: string) => ({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  const input = page.getByTestId('bench-custom-input');
  await input.setInputFiles(file('mine.jsonl', `${good(1)}\n${good(2)}\n`));
  await expect(page.getByTestId('bench-task-custom')).toBeChecked();
  await expect(page.getByTestId('bench-config')).toContainText('mine.jsonl: 2 cases');
  // Line 2 has no context: the message names it, and the loaded cases stay as they were (no half of theirs.jsonl).
  await input.setInputFiles(file('theirs.jsonl', `${good(3)}\n{"question": "no context", "expected": "1"}\n${good(4)}\n`));
  await expect(page.getByTestId('bench-custom-error')).toContainText('theirs.jsonl: Line 2');
  await expect(page.getByTestId('bench-custom-error')).toContainText('"context"');
  await expect(page.getByTestId('bench-config')).toContainText('mine.jsonl: 2 cases');
  await expect(page.getByTestId('bench-config')).not.toContainText('theirs.jsonl');
  // Loading a file runs nothing: not one generation request reached the server.
  const stats = await fakeStats();
  expect(Object.values(stats.models).reduce((a, b) => a + b, 0)).toBe(0);
});

test('a host that dies mid-matrix marks its trials as errors and the matrix goes on', async ({ page }) => {
  test.setTimeout(240_000);
  const doomed = await createFakeLlmServer({ port: 0, latencyMs: 300, chunkDelayMs: 3, cors: true });
  let closed = false;
  // The same model on two hosts is two models of the matrix (rows told apart by model index).
  const onHost = (i: number) => page.locator(`[data-testid="bench-row"][data-model-index="${i}"]`);
  try {
    const url = benchUrl({ tasks: 'niah', lines: '1000', trials: '4', seed: '3', methods: 'rlm', perHost: '1' }, [
      ['ollama', 'bench-good', FAKE],
      ['ollama', 'bench-good', doomed.url],
    ]);
    await page.goto(url);
    await expectSandboxReady(page);
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-progress')).toHaveAttribute('data-total', '8');
    // One trial has finished on the doomed host; then it goes away.
    await expect(onHost(1)).toHaveAttribute('data-correct', '1', { timeout: 60_000 });
    await doomed.close();
    closed = true;
    await expect(page.getByTestId('bench-progress')).toHaveAttribute('data-done', '8', { timeout: 180_000 });
  } finally {
    if (!closed) await doomed.close();
  }
  await expect(page.getByTestId('bench-row')).toHaveCount(2);
  await expect(onHost(0)).toHaveAttribute('data-correct', '4');
  await expect(onHost(0)).toHaveAttribute('data-errors', '0');
  await expect(onHost(1)).toHaveAttribute('data-trials', '4');
  const correct = Number(await onHost(1).getAttribute('data-correct'));
  const errors = Number(await onHost(1).getAttribute('data-errors'));
  expect(correct).toBeGreaterThanOrEqual(1);
  expect(errors).toBeGreaterThanOrEqual(1);
  expect(correct + errors).toBe(4);
  expect(await page.locator('[data-testid="bench-trial"][data-status="error"]').count()).toBe(errors);
});

test('a link presets the config', async ({ page }) => {
  await page.goto(benchUrl({ tasks: 'niah', lines: '1000', trials: '3', seed: '42', methods: 'rlm,vanilla' }, [['ollama', 'qwen3:4b', 'http://localhost:11434']]));
  await expect(page.getByTestId('tab-bench')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('bench-task-niah')).toBeChecked();
  await expect(page.getByTestId('bench-task-sniah')).not.toBeChecked();
  await expect(page.getByTestId('bench-lines')).toHaveValue('1000');
  await expect(page.getByTestId('bench-trials')).toHaveValue('3');
  await expect(page.getByTestId('bench-seed')).toHaveValue('42');
  await expect(page.getByTestId('bench-method-rlm')).toBeChecked();
  await expect(page.getByTestId('bench-method-rlm-no-sub')).not.toBeChecked();
  await expect(page.getByTestId('bench-method-vanilla')).toBeChecked();
  const m = page.getByTestId('bench-model');
  await expect(m).toHaveCount(1);
  await expect(m).toHaveAttribute('data-model', 'qwen3:4b');
  await expect(page.getByTestId('bench-model-hosts')).toHaveValue('http://localhost:11434');
  // Switching tabs keeps the URL in sync.
  await page.getByTestId('tab-run').click();
  expect(new URL(page.url()).searchParams.get('tab')).toBeNull();
  await page.getByTestId('tab-run').press('ArrowRight');
  await expect(page.getByTestId('tab-bench')).toBeFocused();
  expect(new URL(page.url()).searchParams.get('tab')).toBe('bench');
});
