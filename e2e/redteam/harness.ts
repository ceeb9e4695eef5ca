/**
 * Runs red-team attempts (attempts.ts) through the app and through positive controls, and collects what each one
 * got: canary hits, `REACHED` lines, page-side traces.
 */
import { expect, type Page } from '@playwright/test';
import { ask, expectSandboxReady, FAKE } from '../helpers';
import { PREAMBLE, type Attempt } from './attempts';

export type Env = 'sbx' | 'ctl';

export interface Where {
  /** http://127.0.0.1:<main canary> */
  canary: string;
  /** The canary HOST/PORT the attempt talks to (its own for `dedicated` attempts). */
  host: string;
  port: number;
  appWorker: string;
}

export const tag = (env: Env, a: Attempt | string) => `${env}-${typeof a === 'string' ? a : a.id}`;

const indent = (code: string) =>
  code.replace(/^\n+/, '').split('\n').map((l) => (l ? '    ' + l : l)).join('\n');

/** One self-contained Python block for attempt `a` in environment `env`. */
export function blockFor(a: Attempt, env: Env, w: Where): string {
  const id = tag(env, a);
  const hit = `${w.canary}/hit/${id}`;
  const vars = [
    `ID = ${JSON.stringify(id)}`,
    `CANARY = ${JSON.stringify(w.canary)}`,
    `HIT = ${JSON.stringify(hit)}`,
    `WS = ${JSON.stringify(hit.replace(/^http/, 'ws'))}`,
    `HOST = ${JSON.stringify(w.host)}`,
    `PORT = ${w.port}`,
    `APP_WORKER = ${JSON.stringify(w.appWorker)}`,
  ].join('\n');
  return `${vars}\n${PREAMBLE.trim()}\nasync def attempt():\n${indent(a.py)}\n` +
    `try:\n    await attempt()\nexcept Exception as e:\n    say('BLOCKED', f'{type(e).__name__}: {str(e)[:300]}')\n` +
    `await asyncio.sleep(0.2)\nsay('DONE')\n`;
}

/** Lines an attempt printed ("[sbx-js-fetch] …"), without the tag. */
export function linesOf(output: string, id: string): string[] {
  const prefix = `[${id}] `;
  return output.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** Registers a scripted model on the fake LLM: response i is its answer on assistant turn i. */
export async function registerScript(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok, `registering ${model}`).toBe(true);
  return model;
}

export const replBlock = (code: string) => '```repl\n' + code.trimEnd() + '\n```';

export interface BlockOutput {
  stdout: string;
  stderr: string;
  /** The status badge: "ok · 12 ms", "error · …", "time limit · 3.0 s". */
  badge: string;
  /** A worker restart note, if any. */
  reset: string;
}

/**
 * Runs `fn` with each iteration of the shown run open in turn (the run view shows one at a time),
 * collecting what it returns, in order.
 */
export async function eachIteration<T>(page: Page, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  // The strip is virtualised: only the cards in view are in the DOM, so step with the jump box.
  const count = Number(await page.getByTestId('timeline-strip').getAttribute('data-count'));
  for (let i = 0; i < count; i++) {
    await page.getByTestId('jump-input').fill(String(i + 1));
    await page.getByTestId('jump-input').press('Enter');
    await expect(page.getByTestId('iteration-detail')).toHaveAttribute('data-index', String(i));
    out.push(await fn());
  }
  return out;
}

/** The outputs of every code block of the run, iteration by iteration, in order. */
export async function blockOutputs(page: Page): Promise<BlockOutput[]> {
  return (await eachIteration(page, () => shownBlockOutputs(page))).flat();
}

async function shownBlockOutputs(page: Page): Promise<BlockOutput[]> {
  return page.getByTestId('code-block').evaluateAll((els) =>
    els.map((el) => {
      const text = (sel: string) => (el.querySelector(`[data-testid="${sel}"]`) as HTMLElement | null)?.innerText ?? '';
      const badge = (el.querySelector('div span:last-child') as HTMLElement | null)?.innerText ?? '';
      const reset = Array.from(el.querySelectorAll('p')).map((p) => (p as HTMLElement).innerText).join('\n');
      return { stdout: text('block-stdout'), stderr: text('block-stderr'), badge, reset };
    }),
  );
}

/** Asks the question and waits for the scripted model's FINAL("done"). */
export async function runToDone(page: Page, question: string, timeout = 240_000): Promise<void> {
  await expectSandboxReady(page);
  await ask(page, question);
  await expect(page.getByTestId('final-answer')).toHaveText('done', { timeout });
  await expect(page.getByTestId('run-status')).toHaveText('done');
}

// ---------- the unrestricted Pyodide worker (positive controls for Python attempts) ----------

/** Starts, in the page, a module worker from a blob: same origin as the app, no CSP, nothing deleted. */
export async function startControlWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const base = new URL('pyodide/', location.href).href; // the page is at the base URL (a sub-path too)
    const src = `
      import { loadPyodide } from ${JSON.stringify(base + 'pyodide.mjs')};
      let out = [];
      const py = await loadPyodide({ indexURL: ${JSON.stringify(base)},
        stdout: (s) => out.push(s), stderr: (s) => out.push(s) });
      self.onmessage = async (e) => {
        out = [];
        try { await py.runPythonAsync(e.data); } catch (err) { out.push('ERROR ' + String(err).slice(-600)); }
        postMessage(out.join('\\n'));
      };
      postMessage('ready');`;
    const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    const w = new Worker(url, { type: 'module', name: 'redteam-control' });
    await new Promise<void>((resolve, reject) => {
      w.onmessage = () => resolve();
      w.onerror = (e) => reject(new Error('control worker failed: ' + e.message));
    });
    (window as unknown as { __ctl: Worker }).__ctl = w;
  });
}

/** Runs one Python block in the control worker; a block that hangs gets the worker replaced. */
export async function runControlBlock(page: Page, code: string, timeoutMs = 25_000): Promise<string> {
  const out = await page.evaluate(({ code, timeoutMs }) => new Promise<string | null>((resolve) => {
    const w = (window as unknown as { __ctl: Worker }).__ctl;
    const timer = setTimeout(() => resolve(null), timeoutMs);
    w.onmessage = (e) => {
      clearTimeout(timer);
      resolve(String(e.data));
    };
    w.postMessage(code);
  }), { code, timeoutMs });
  if (out !== null) return out;
  await page.evaluate(() => (window as unknown as { __ctl: Worker }).__ctl.terminate());
  await startControlWorker(page);
  return `(the control block did not finish within ${timeoutMs / 1000} s; worker replaced)`;
}

// ---------- page-side helpers ----------

/** Init script: the page listens on the channels model code might broadcast on. */
export function listenForBroadcasts(): void {
  const got: string[] = [];
  (window as unknown as { __redteamBroadcasts: string[] }).__redteamBroadcasts = got;
  for (const name of ['rlm', 'rlm-studio', 'redteam']) {
    const c = new BroadcastChannel(name);
    c.onmessage = (e) => got.push(`${name}: ${JSON.stringify(e.data)}`.slice(0, 500));
  }
}

/** Init script: how late the page's event loop runs (max lag of a 50 ms interval), in window.__lag. */
export function measureLag(): void {
  const w = window as unknown as { __lag: { max: number; samples: number }; __lagReset: () => void };
  w.__lag = { max: 0, samples: 0 };
  w.__lagReset = () => {
    w.__lag = { max: 0, samples: 0 };
  };
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    w.__lag.max = Math.max(w.__lag.max, now - last - 50);
    w.__lag.samples++;
    last = now;
  }, 50);
}
