/**
 * An API key typed into the page reaches the provider (as a header) and
 * nowhere else: not the Python worker, not IndexedDB (unless the user opts in
 * to remembering it), not localStorage, the URL, the console, request bodies
 * or an exported trajectory — not even when the server echoes it in an error.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeNiah } from '../src/bench/niah';
import { ask, fakeStats, openaiUrl, resetFake, solveNiah } from './helpers';

const KEY = 'sk-test-LEAKCHECK-123';
const KEY_DB = 'rlm-studio-keys';
const task = makeNiah(31, 2_000);

/** Records every message the page posts to a worker or port, before any app code runs. */
function instrumentWorkers(): void {
  const seen: string[] = [];
  (window as unknown as { __posted: string[] }).__posted = seen;
  const text = (v: unknown): string => {
    try {
      return JSON.stringify(v, (_k, x) => {
        if (x instanceof ArrayBuffer) return new TextDecoder().decode(x);
        if (ArrayBuffer.isView(x)) return new TextDecoder().decode(x as Uint8Array);
        if (x instanceof SharedArrayBuffer) return '[shared buffer]';
        return x;
      });
    } catch {
      return String(v);
    }
  };
  for (const proto of [Worker.prototype, MessagePort.prototype] as { postMessage: (...a: unknown[]) => void }[]) {
    const original = proto.postMessage;
    proto.postMessage = function (this: unknown, ...args: unknown[]) {
      seen.push(text(args[0]));
      return original.apply(this, args);
    };
  }
}

/** Every record of every IndexedDB store, as text (blobs and buffers read too), by database name. */
async function dumpIndexedDb(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const read = async (v: unknown): Promise<unknown> => {
      if (v instanceof Blob) return v.text();
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return new TextDecoder().decode(v as ArrayBuffer);
      if (Array.isArray(v)) return Promise.all(v.map(read));
      if (v && typeof v === 'object') return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await read(x)])));
      return v;
    };
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
    const out: Record<string, string> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await req(indexedDB.open(name));
      const stores = Array.from(db.objectStoreNames);
      const dump: Record<string, unknown> = {};
      for (const s of stores) {
        const tx = db.transaction(s, 'readonly');
        dump[s] = { keys: await req(tx.objectStore(s).getAllKeys()), values: await read(await req(tx.objectStore(s).getAll())) };
      }
      db.close();
      out[name] = JSON.stringify(dump);
    }
    return out;
  });
}

async function exportText(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  return readFileSync((await (await download).path())!, 'utf8');
}

test('a typed key reaches the provider and nothing else, and is remembered only on request', async ({ page }) => {
  await resetFake();
  await page.addInitScript(instrumentWorkers);
  const consoleLines: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(String(e)));
  page.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));

  await page.goto(openaiUrl('solver'));
  await page.getByTestId('api-key-input').fill(KEY);
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await solveNiah(page, task);
  const exported = [await exportText(page)];

  // A server that echoes the key in its error (careless proxies do): the message must be redacted.
  await page.getByTestId('model-select').selectOption({ label: 'Other model (type its name)…' });
  await page.getByTestId('model-select-other').fill('solver@401');
  await page.getByTestId('model-select-other-use').click();
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('run-failure')).toContainText('rejected the API key', { timeout: 30_000 });
  await expect(page.getByTestId('run-failure')).toContainText('[redacted]');
  exported.push(await exportText(page));

  // The key really was used, as a header.
  expect((await fakeStats()).credentials).toContain(KEY);

  const posted = await page.evaluate(() => (window as unknown as { __posted: string[] }).__posted);
  // The instrument saw the real traffic: the sub-call's answer went into the worker.
  expect(posted.length).toBeGreaterThan(5);
  expect(posted.some((m) => m.includes(task.answer))).toBe(true);
  const where = {
    worker: posted.join('\n'),
    indexedDb: Object.values(await dumpIndexedDb(page)).join('\n'),
    localStorage: await page.evaluate(() => JSON.stringify({ ...localStorage })),
    url: page.url(),
    console: consoleLines.join('\n'),
    requestUrlsAndBodies: requests.join('\n'),
    exports: exported.join('\n'),
    page: await page.locator('body').innerText(),
  };
  for (const [place, text] of Object.entries(where)) expect(text.includes(KEY), `key found in ${place}`).toBe(false);
  expect(where.exports).toContain(task.answer);

  // Opt in: the key store, and only it, holds the key; a reload restores it.
  await page.getByTestId('remember-key').check();
  await expect.poll(async () => (await dumpIndexedDb(page))[KEY_DB] ?? '').toContain(KEY);
  for (const [db, text] of Object.entries(await dumpIndexedDb(page))) if (db !== KEY_DB) expect(text).not.toContain(KEY);
  await page.reload();
  await expect(page.getByTestId('api-key-input')).toHaveValue(KEY);
  await expect(page.getByTestId('remember-key')).toBeChecked();
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(KEY);

  // Forget: gone from memory, from the device, and after a reload.
  await page.getByTestId('forget-key').click();
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  await expect.poll(async () => Object.values(await dumpIndexedDb(page)).join('\n')).not.toContain(KEY);
  await page.reload();
  // The key store was read (it exists, empty) before we look at the field.
  await expect.poll(async () => (await dumpIndexedDb(page))[KEY_DB]).toBe('{"keys":{"keys":[],"values":[]}}');
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  await expect(page.getByTestId('remember-key')).not.toBeChecked();
  expect(Object.values(await dumpIndexedDb(page)).join('\n')).not.toContain(KEY);
});
