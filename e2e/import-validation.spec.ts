/**
 * Untrusted input in the real browser: a cut-off trajectory file is refused
 * with the line that broke and history stays as it was; a corrupt record in
 * IndexedDB and a corrupt settings entry in localStorage neither crash the
 * page nor cost the good data, and both are reported.
 */
import { expect, test, type Page } from '@playwright/test';
import { runRlm } from '../src/core/loop';
import type { RunEvent } from '../src/core/events';
import { toJsonl } from '../src/core/export';
import { ScriptedProvider, ScriptedRepl } from '../src/core/testing';
import { ollamaUrl } from './helpers';

async function exportedRun(question: string): Promise<string> {
  const events: RunEvent[] = [];
  const p = new ScriptedProvider(() => '```repl\nFINAL(42)\n```');
  const repl = new ScriptedRepl(() => ({ final: { value: '42', via: 'FINAL' } }));
  await runRlm({ question, context: null, rootModel: 'scripted' }, { root: p, sub: p, repl, emit: (e) => events.push(e) });
  return toJsonl(events);
}

async function importFile(page: Page, name: string, text: string) {
  await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
}

test('a truncated trajectory file is refused with its line, and history is unchanged', async ({ page }) => {
  await page.goto(ollamaUrl('qwen3:8b'));
  const good = await exportedRun('What is six times seven?');
  await importFile(page, 'good.jsonl', good);
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('What is six times seven?');

  const other = await exportedRun('A second question');
  const cut = other.slice(0, other.indexOf('"usage"'));
  await importFile(page, 'cut.jsonl', cut);
  const line = cut.split('\n').length;
  await expect(page.getByText(`Import failed: Line ${line} is not JSON (the file may be truncated).`)).toBeVisible();
  await expect(items).toHaveCount(1);
  await page.reload();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('What is six times seven?');
});

test('a corrupt history record and a corrupt saved setting are reported, the rest kept', async ({ page }) => {
  await page.goto(ollamaUrl('qwen3:8b'));
  await importFile(page, 'good.jsonl', await exportedRun('Kept question'));
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('rlm-studio', 1);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction('runs', 'readwrite');
      // A question that is an object crashed React's render of the whole list before.
      tx.objectStore('runs').put({ runId: 'broken', question: { html: '<b>x</b>' }, startedAt: 'never', status: 'done' });
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
    localStorage.setItem('rlm-studio:settings:v1', JSON.stringify({ rootModel: 'kept-model', engine: { maxIterations: 'lots', temperature: 0.3 } }));
  });
  // No model in the link: the saved one must come back.
  await page.goto('/?provider=ollama');
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Kept question');
  await expect(items.nth(1)).toContainText('This saved run could not be read (`question` must be a string (got Object))');
  await expect(page.getByTestId('settings-notice')).toHaveText(
    'Saved setting `engine.maxIterations` must be a number (got "lots"); the default is used.',
  );
  const saved = await page.evaluate(() => localStorage.getItem('rlm-studio:settings:v1'));
  expect(JSON.parse(saved ?? '{}').rootModel).toBe('kept-model');
});
