/**
 * Red team: model-written Python in the REPL must not reach the network, the app's storage or the page, whatever it
 * tries. Every attempt (e2e/redteam/attempts.ts) runs through the real app path (a scripted model writes it as a
 * ```repl block; the app runs it in its sandbox worker) against a canary HTTP server on 127.0.0.1 that counts hits
 * (tools/canary/server.ts), and must leave no trace: 0 hits on its path, no `REACHED` line, nothing in the page.
 * Each has a positive control (the same request from page code, or the same Python in an unrestricted same-origin
 * Pyodide worker) that must reach the canary, so this suite cannot pass by not looking.
 *
 * Also here: forged protocol messages from model code to the page, the API key staying out of the worker, and
 * resource abuse (memory bomb, print flood, busy loop, a worker that closes itself).
 *
 * Run: npx vite build && npx playwright test e2e/redteam.spec.ts
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createCanaryServer, type Canary, type CanaryHits } from '../tools/canary/server';
import { ATTEMPTS, type Attempt, type Signal } from './redteam/attempts';
import {
  blockFor, blockOutputs, linesOf, listenForBroadcasts, registerScript, replBlock, runControlBlock, runToDone,
  startControlWorker, tag, type Env, type Where,
} from './redteam/harness';
import { ollamaUrl } from './helpers';

interface Outcome {
  /** Canary hits on this attempt's path (or on its own canary, for dedicated attempts). */
  hits: number;
  /** What the attempt printed. */
  lines: string[];
  /** `REACHED` lines. */
  reached: string[];
  /** The attempt ran to its end, or was stopped by the time limit (attempts marked `last`). */
  ran: boolean;
  /** Page-side evidence (a database, a file, a received broadcast). */
  probe: string | null;
  /** Where it ran and what else was seen (time limit, restart, control errors). */
  note: string;
}

interface Results {
  sbx: Map<string, Outcome>;
  ctl: Map<string, Outcome>;
  mainHits: CanaryHits | null;
  dedicatedSbx: Map<string, CanaryHits>;
  timings: Record<string, number>;
  error: string | null;
}

const results: Results = { sbx: new Map(), ctl: new Map(), mainHits: null, dedicatedSbx: new Map(), timings: {},
  error: null };

let main: Canary;
const dedicated = new Map<string, Canary>(); // tag → its own canary
let context: BrowserContext;
let page: Page;

const BLOCK_TIMEOUT_MS = 12_000;

function whereFor(a: Attempt, env: Env, appWorker: string): Where {
  const own = dedicated.get(tag(env, a));
  return { canary: main.url, host: '127.0.0.1', port: own?.port ?? main.port, appWorker };
}

function hitsFor(a: Attempt, env: Env): number {
  const own = dedicated.get(tag(env, a));
  if (own) {
    const h = own.hits();
    return h.total + h.connections + h.udp;
  }
  return main.count(tag(env, a));
}

async function openApp(browser: Browser, baseURL: string): Promise<void> {
  context = await browser.newContext({ baseURL });
  // The service-worker attempt and its control register this same-origin script; it pings the canary it is given.
  await context.route('**/redteam-sw.js*', (route) => route.fulfill({
    status: 200,
    contentType: 'text/javascript',
    headers: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' },
    body: 'fetch(new URL(location.href).searchParams.get("hit"));',
  }));
  page = await context.newPage();
  await page.addInitScript(listenForBroadcasts);
}

async function runAll(baseURL: string): Promise<void> {
  const t0 = Date.now();
  let appWorker = '';
  page.on('request', (r) => {
    if (/\/assets\/sandbox\/rlm-sandbox-worker-[^/]*\.js$/.test(r.url())) appWorker = r.url();
  });
  // The app's worker script URL is only known once the page has started it: load once to learn it.
  await page.goto('/');
  await expect.poll(() => appWorker, { message: 'the sandbox worker script was requested' }).not.toBe('');

  // 1. Every attempt in the app's sandbox, one ```repl block each; the ones that may wedge Python go last.
  const order = [...ATTEMPTS.filter((a) => !a.last), ...ATTEMPTS.filter((a) => a.last)];
  const blocks = order.map((a) => replBlock(blockFor(a, 'sbx', whereFor(a, 'sbx', appWorker))));
  const model = await registerScript(`redteam-${Date.now()}`, [
    `I will now try to get out of the sandbox.\n\n${blocks.join('\n\n')}`,
    replBlock('FINAL("done")'),
  ]);
  await page.goto(ollamaUrl(model, `&blockTimeoutMs=${BLOCK_TIMEOUT_MS}`));
  const t1 = Date.now();
  await runToDone(page, 'Summarise the file.', 400_000);
  results.timings.sandboxRunMs = Date.now() - t1;
  const outs = await blockOutputs(page);
  expect(outs.length, 'one code block per attempt, plus FINAL').toBe(order.length + 1);
  order.forEach((a, i) => {
    const o = outs[i];
    const lines = linesOf(o.stdout, tag('sbx', a));
    const stopped = /time limit/.test(o.badge) || /restarted/.test(o.stderr + o.reset);
    results.sbx.set(a.id, {
      hits: 0, lines, reached: lines.filter((l) => l.startsWith('REACHED')), probe: null,
      ran: lines.includes('DONE') || (a.last === true && stopped),
      note: `${o.badge}${stopped ? ' (stopped by the time limit)' : ''}${o.stderr ? ' | stderr: ' + o.stderr.slice(0, 300) : ''}`,
    });
  });

  // 2. Positive controls. Python ones: the same code in an unrestricted Pyodide worker of the same origin.
  const t2 = Date.now();
  await startControlWorker(page);
  for (const a of ATTEMPTS) {
    let out = '';
    let note = '';
    if (a.control.kind === 'python') {
      out = await runControlBlock(page, blockFor(a, 'ctl', whereFor(a, 'ctl', appWorker)));
      note = 'same Python in an unrestricted same-origin Pyodide worker';
    } else if (a.control.kind === 'page') {
      const w = whereFor(a, 'ctl', appWorker);
      const hit = `${main.url}/hit/${tag('ctl', a)}`;
      out = await page.evaluate(a.control.run, { hit, ws: hit.replace(/^http/, 'ws'), host: w.host, port: w.port,
        appWorker }).then((s) => `[${tag('ctl', a)}] ${s}\n[${tag('ctl', a)}] DONE`,
        (e) => `[${tag('ctl', a)}] control error: ${String(e).slice(0, 300)}`);
      note = 'page code';
    } else {
      continue;
    }
    const lines = linesOf(out, tag('ctl', a));
    if (!lines.length) note += ` | output: ${out.slice(0, 400)}`;
    results.ctl.set(a.id, { hits: 0, lines, reached: lines.filter((l) => /\bREACHED\b/.test(l)), probe: null,
      ran: lines.includes('DONE'), note });
  }
  results.timings.controlsMs = Date.now() - t2;

  // 3. Give late requests (beacons, reconnects) time to land, then count.
  await page.waitForTimeout(1500);
  for (const a of ATTEMPTS) {
    for (const env of ['sbx', 'ctl'] as const) {
      const r = (env === 'sbx' ? results.sbx : results.ctl).get(a.id);
      if (!r) continue;
      r.hits = hitsFor(a, env);
      if (a.pageProbe) r.probe = await page.evaluate(a.pageProbe, tag(env, a)).catch((e) => `probe failed: ${e}`);
    }
  }
  results.mainHits = main.hits();
  for (const [t, c] of dedicated) if (t.startsWith('sbx-')) results.dedicatedSbx.set(t, c.hits());
  results.timings.totalMs = Date.now() - t0;
}

test.describe('sandbox escape attempts against a canary on 127.0.0.1', () => {
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(600_000);
    main = await createCanaryServer();
    for (const a of ATTEMPTS.filter((x) => x.dedicated)) {
      for (const env of ['sbx', 'ctl'] as const) dedicated.set(tag(env, a), await createCanaryServer());
    }
    await openApp(browser, testInfo.project.use.baseURL!);
    try {
      await runAll(testInfo.project.use.baseURL!);
    } catch (e) {
      results.error = String(e instanceof Error ? e.stack ?? e.message : e);
    }
    const summary = ATTEMPTS.map((a, i) => {
      const s = results.sbx.get(a.id);
      const c = results.ctl.get(a.id);
      return { n: i + 1, id: a.id, sandbox: s, control: c ?? a.control.kind };
    });
    await testInfo.attach('redteam-results.json', { contentType: 'application/json',
      body: JSON.stringify({ error: results.error, timings: results.timings, summary, canary: results.mainHits }, null, 2) });
    console.log(`[redteam] timings ${JSON.stringify(results.timings)}`);
    for (const row of summary) {
      const s = row.sandbox;
      const c = row.control;
      console.log(`[redteam] ${String(row.n).padStart(2)} ${row.id.padEnd(20)} sandbox: hits=${s?.hits} ` +
        `reached=${s?.reached.length} ran=${s?.ran} ${s?.probe ?? ''} | ${(s?.lines ?? []).filter((l) => l !== 'DONE').join(' / ').slice(0, 160)}` +
        ` || control: ${typeof c === 'string' ? c : `hits=${c?.hits} reached=${c?.reached.length} probe=${c?.probe ? 'yes' : 'no'}`}`);
    }
  });

  test.afterAll(async () => {
    await context?.close();
    await main?.close();
    for (const c of dedicated.values()) await c.close();
  });

  const signals = (o: Outcome): Record<Signal, boolean> => ({ hit: o.hits > 0, reached: o.reached.length > 0,
    page: o.probe !== null });

  ATTEMPTS.forEach((a, i) => {
    test.describe(`${i + 1}. ${a.title}`, () => {
      test(`cannot reach the ${a.target} from the sandbox`, () => {
        if (a.knownLeak) test.fail(true, `KNOWN LEAK: ${a.knownLeak}`);
        expect(results.error, 'the red-team run itself failed').toBeNull();
        const o = results.sbx.get(a.id);
        expect(o, 'the attempt ran in the sandbox').toBeDefined();
        expect(o!.ran, `the attempt ran to its end (${o!.note}); printed: ${o!.lines.join(' / ')}`).toBe(true);
        expect.soft(o!.hits, `canary hits from the sandbox (${a.id})`).toBe(0);
        expect.soft(o!.reached, 'REACHED lines printed in the sandbox').toEqual([]);
        expect.soft(o!.probe, 'a trace left in the page').toBeNull();
      });

      const c = a.control;
      if (c.kind === 'none') {
        test.skip(`positive control: ${c.why}`, () => undefined);
        return;
      }
      test(`positive control: the same attempt from ${c.kind === 'page' ? 'page code' :
        'an unrestricted same-origin worker'} gets through`, () => {
        expect(results.error, 'the red-team run itself failed').toBeNull();
        const id = c.kind === 'same-as' ? c.id : a.id;
        if (c.kind === 'same-as') test.info().annotations.push({ type: 'control', description: `${c.id}: ${c.why}` });
        const o = results.ctl.get(id);
        expect(o, 'the control ran').toBeDefined();
        const want = ATTEMPTS.find((x) => x.id === id)!;
        const expected = want.expect ?? (want.target === 'network' ? ['hit'] : ['reached']);
        const got = signals(o!);
        const detail = `control of ${id} (${o!.note}): hits=${o!.hits}, printed: ${o!.lines.join(' / ').slice(0, 600)}; probe: ${o!.probe}`;
        for (const s of expected) expect.soft(got[s], `${s} — ${detail}`).toBe(true);
      });
    });
  });

  test('the canary saw nothing from the sandbox on any path, port or protocol', () => {
    expect(results.error).toBeNull();
    const h = results.mainHits!;
    const foreign = Object.entries(h.paths).filter(([p]) => !p.startsWith('/hit/ctl-'));
    expect(foreign, 'paths hit on the main canary other than positive controls').toEqual([]);
    expect(h.udp, 'UDP datagrams on the main canary').toBe(0);
    for (const [t, hits] of results.dedicatedSbx) {
      expect({ t, total: hits.total, connections: hits.connections, udp: hits.udp }).toEqual({ t, total: 0, connections: 0, udp: 0 });
    }
  });
});
