/**
 * The providers from a real page on another origin: CORS preflights for each
 * SDK, Retry-After readable cross-origin, CORS refusal told apart from a dead
 * server, and Stop. Skipped when no Chromium is installed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const ENTRY = `
import { createProvider } from ${JSON.stringify(join(__dirname, 'index.ts'))};
const ROOT = [
  { role: 'system', content: 'You have a REPL with \`context\`.' },
  { role: 'user', content: 'Answer the following: What is the secret number?\\n\\nctx' },
];
window.run = async (cfg, model, think, abortAfter) => {
  const sleeps = [];
  const p = createProvider(cfg, { retry: { sleep: async (ms) => void sleeps.push(ms) } });
  const ac = new AbortController();
  const out = { sleeps, parts: 0, thinking: 0 };
  try {
    for await (const part of p.chat(ROOT, { model, think, signal: ac.signal })) {
      out.parts++;
      if (part.type === 'thinking') out.thinking++;
      if (part.type === 'done') out.done = part;
      if (out.parts === abortAfter) ac.abort();
    }
  } catch (e) {
    out.error = { name: e.name, reason: e.reason, message: e.userMessage };
  }
  return out;
};
window.ready = true;
`;

describe.skipIf(!CHROMIUM)('providers in Chromium, cross-origin', () => {
  let fake: FakeLlmServer;
  let closed: FakeLlmServer;
  let site: Server;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rlm-providers-'));
    const entry = join(dir, 'entry.js');
    await import('node:fs/promises').then((fs) => fs.writeFile(entry, ENTRY));
    const out = join(dir, 'out');
    await build({
      configFile: false,
      root: dir,
      publicDir: false,
      logLevel: 'silent',
      build: { outDir: out, lib: { entry, formats: ['es'], fileName: () => 'bundle.js' }, minify: false },
    });
    site = createServer((req, res) => {
      const file = join(out, basename(req.url ?? ''));
      if (/\.m?js$/.test(req.url ?? '') && existsSync(file)) {
        return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end('<script type="module" src="/bundle.js"></script>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    // localhost vs 127.0.0.1: a different origin from the fake server, as in real use.
    origin = `http://localhost:${(site.address() as { port: number }).port}`;
    fake = await createFakeLlmServer({ chunkDelayMs: 2 });
    closed = await createFakeLlmServer({ cors: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    site?.close();
    await fake?.close();
    await closed?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Result = { sleeps: number[]; parts: number; thinking: number; done?: { usage: { estimated: boolean } }; error?: { name: string; reason?: string; message: string } };
  const run = (cfg: object, model: string, think?: string, abortAfter?: number): Promise<Result> =>
    page.evaluate(([c, m, t, a]) => (window as unknown as { run: (...x: unknown[]) => Promise<Result> }).run(c, m, t, a), [cfg, model, think, abortAfter] as const);

  const configs = () => ({
    ollama: { kind: 'ollama', host: fake.url },
    openai: { kind: 'openai', preset: 'custom', baseURL: `${fake.url}/v1`, apiKey: 'sk-browser' },
    anthropic: { kind: 'anthropic', apiKey: 'sk-ant-browser', baseURL: fake.url },
  });

  it.each(['ollama', 'openai', 'anthropic'] as const)('%s: streams with thinking and honours a cross-origin Retry-After', async (kind) => {
    const ok = await run(configs()[kind], 'solver-think', 'on');
    expect(ok.error).toBeUndefined();
    expect(ok.thinking).toBeGreaterThan(0);
    expect(ok.done?.usage.estimated).toBe(false);
    const limited = await run(configs()[kind], `solver@429x1@${kind === 'ollama' ? 'lat1' : kind === 'openai' ? 'lat2' : 'lat3'}`);
    expect(limited.error).toBeUndefined();
    expect(limited.sleeps).toEqual([1000]);
  });

  it.each(['ollama', 'openai', 'anthropic'] as const)('%s: Stop aborts mid-stream', async (kind) => {
    const r = await run(configs()[kind], 'solver', undefined, 2);
    expect(r.error?.name).toBe('AbortedError');
    expect(r.parts).toBe(2);
  });

  it('tells a CORS refusal from a server that is down; a localhost page, which Ollama trusts, is not sent to OLLAMA_ORIGINS', async () => {
    const cors = await run({ kind: 'ollama', host: closed.url }, 'solver');
    expect(cors.error).toMatchObject({ name: 'ConnectionError', reason: 'cors' });
    expect(cors.error?.message).toContain(`curl ${closed.url}/api/version`);
    expect(cors.error?.message).not.toContain('OLLAMA_ORIGINS');
    const perModel = await run({ kind: 'openai', preset: 'vllm', baseURL: `${fake.url}/v1` }, 'solver@nocors');
    expect(perModel.error).toMatchObject({ name: 'ConnectionError', reason: 'cors' });
    expect(perModel.error?.message).toContain('--allowed-origins');
    const down = await run({ kind: 'ollama', host: 'http://127.0.0.1:9' }, 'solver');
    expect(down.error).toMatchObject({ name: 'ConnectionError', reason: 'unreachable' });
    expect(down.error?.message).toContain('http://127.0.0.1:9');
  });
});
