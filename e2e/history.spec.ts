/**
 * History and interop in the real browser: search by question and by model, filters,
 * compare two runs, export official rlm JSONL and import it back to the same counts,
 * export a notebook, keep the file with the run, and a history saved before this change.
 */
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { makeNiah } from '../src/bench/niah';
import { runRlm } from '../src/core/loop';
import type { RunEvent } from '../src/core/events';
import { ScriptedProvider, ScriptedRepl } from '../src/core/testing';
import { ask, dropText, expectSandboxReady, ollamaUrl } from './helpers';

const niah = makeNiah(11, 2_000);
const PRIMES = 'How many primes are there below 1000000?';

async function solveNeedle(page: Page) {
  await dropText(page, 'haystack.txt', niah.text);
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, niah.question);
  await expect(page.getByTestId('final-answer')).toHaveText(niah.answer, { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
}

/** Two runs of the fake server: the needle with `solver`, the primes with `solver-python`. */
async function twoRuns(page: Page) {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await solveNeedle(page);
  await page.goto(ollamaUrl('solver-python'));
  await expectSandboxReady(page);
  await ask(page, PRIMES);
  await expect(page.getByTestId('final-answer')).toContainText('78498', { timeout: 90_000 });
  await expect(page.getByTestId('history-item')).toHaveCount(2);
}

const readDownload = async (d: Promise<Download>) => readFileSync((await (await d).path())!, 'utf8');

/** The run view's counts: run-stats data attributes where the run view has them, else the visible text. */
async function runCounts(page: Page, item: Locator) {
  const stats = page.getByTestId('run-stats');
  const attr = await stats.getAttribute('data-iterations');
  if (attr !== null) {
    const [blocks, subcalls] = await Promise.all(['data-blocks', 'data-subcalls'].map((a) => stats.getAttribute(a)));
    return { iterations: Number(attr), blocks: Number(blocks), subcalls: Number(subcalls) };
  }
  const iterations = Number(/(\d+) it\b/.exec(await item.innerText())?.[1]);
  const subcalls = Number(/(\d+) sub-calls/.exec(await stats.innerText())?.[1]);
  return { iterations, blocks: await page.getByTestId('code-block').count(), subcalls };
}

test('search by a word of the question and by model, filter by status and model', async ({ page }) => {
  await twoRuns(page);
  // A third run that fails on its first call: status "error".
  await page.goto(ollamaUrl('solver@401x9'));
  await ask(page, 'This one fails');
  await expect(page.getByTestId('run-status')).toHaveText('error', { timeout: 30_000 });
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(3);

  const search = page.getByTestId('history-search');
  await search.fill('primes');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText(PRIMES);
  await search.fill('secret hidden');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('secret number');
  await search.fill('solver-python');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText(PRIMES);
  await search.fill('');
  await expect(items).toHaveCount(3);

  await page.getByLabel('Filter history by status').selectOption('error');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('This one fails');
  await page.getByLabel('Filter history by status').selectOption('');
  await page.getByLabel('Filter history by model').selectOption('solver');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('secret number');
});

test('compare two runs: both answers, totals and the iterations aligned', async ({ page }) => {
  await twoRuns(page);
  await expect(page.getByTestId('compare-button')).toBeDisabled();
  const boxes = page.getByTestId('history-select');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByTestId('compare-button').click();
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible();
  const answers = view.getByTestId('compare-answer');
  await expect(answers).toHaveText([/78498/, niah.answer]);
  const sides = view.getByTestId('compare-side');
  const its = await Promise.all([0, 1].map(async (i) => Number(await sides.nth(i).getAttribute('data-iterations'))));
  expect(Math.min(...its)).toBeGreaterThanOrEqual(1);
  await expect(view.getByTestId('compare-row')).toHaveCount(Math.max(...its));
  // The needle run's first block searches the context; its row 1 shows that code.
  await expect(view.getByTestId('compare-row').first()).toContainText('block');
  await page.screenshot({ path: '/work/notes/shots/compare.png' });
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
});

test('export official rlm JSONL, import it back: the same counts; the notebook is nbformat 4', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await solveNeedle(page);
  const item = page.getByTestId('history-item').first();
  const before = await runCounts(page, item);
  expect(before.subcalls).toBe(1);

  const nb = JSON.parse(await readDownload((async () => { const d = page.waitForEvent('download'); await page.getByTestId('export-notebook').click(); return d; })()));
  expect(nb.nbformat).toBe(4);
  expect(typeof nb.nbformat_minor).toBe('number');
  expect(typeof nb.metadata).toBe('object');
  expect(nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code')).toHaveLength(before.blocks);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-official').click();
  const official = await readDownload(download);
  expect(JSON.parse(official.split('\n')[0]).type).toBe('metadata');

  await page.getByTestId('history-delete').first().click();
  await expect(page.getByTestId('history-item')).toHaveCount(0);
  await page.getByTestId('import-input').setInputFiles({ name: 'official.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(official) });
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('final-answer')).toHaveText(niah.answer);
  expect(await runCounts(page, page.getByTestId('history-item').first())).toEqual(before);
});

test('keep the file with the run: after a reload, Run again loads it back', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  await expectSandboxReady(page);
  await page.getByTestId('keep-file').check();
  await solveNeedle(page);
  await expect(page.getByTestId('history-item')).toContainText('file kept');
  await page.reload();
  await expectSandboxReady(page);
  await expect(page.getByTestId('keep-file')).toBeChecked();
  await expect(page.getByTestId('context-ready')).toHaveCount(0);
  await page.getByTestId('history-rerun').click();
  await expect(page.getByTestId('context-ready')).toContainText('2,000 lines');
  await expect(page.getByTestId('question-input')).toHaveValue(niah.question);
  await expect(page.getByTestId('history-notice')).toContainText('haystack.txt was kept and is loaded again');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('history-item')).toHaveCount(2);
  await expect(page.getByTestId('final-answer')).toHaveText(niah.answer, { timeout: 90_000 });
});

/** A run as saved before events had an envelope and summaries had models. */
async function legacyRecord() {
  const events: RunEvent[] = [];
  const p = new ScriptedProvider(() => '```repl\nFINAL(42)\n```');
  const repl = new ScriptedRepl(() => ({ final: { value: '42', via: 'FINAL' } }));
  await runRlm({ question: 'An old saved question', context: null, rootModel: 'old-model' }, { root: p, sub: p, repl, emit: (e) => events.push(e) });
  const runId = events[0].runId;
  const v1 = events.map(({ parentCallId, depth, turn, runId: id, ...body }) => (body.type === 'run-started' ? { ...body, runId: id } : body));
  const summary = { runId, question: 'An old saved question', startedAt: 1, status: 'done', answer: '42', rootModel: 'old-model', iterations: 1, wallMs: 5, contextName: null };
  return { summary, events: v1 };
}

test('a history saved before this change still lists, searches and opens', async ({ page }) => {
  await page.goto(ollamaUrl('solver'));
  const record = await legacyRecord();
  await page.evaluate(async ({ summary, events }) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('rlm-studio', 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('runs', { keyPath: 'runId' }).createIndex('startedAt', 'startedAt');
        r.result.createObjectStore('events', { keyPath: 'runId' });
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction(['runs', 'events'], 'readwrite');
      tx.objectStore('runs').put(summary);
      tx.objectStore('events').put({ runId: summary.runId, events });
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, record);
  await page.reload();
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(1);
  await page.getByTestId('history-search').fill('old-model');
  await expect(items).toHaveCount(1);
  await items.first().click();
  await expect(page.getByTestId('final-answer')).toHaveText('42');
});
