import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Which Chromium runs the tests: $CHROMIUM_PATH if set, else Debian's
 * /usr/bin/chromium, else Playwright's own download (`npx playwright install chromium`).
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

// Overridable so two checkouts (or a busy port) can run the suite side by side.
export const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4173);
export const FAKE_LLM_PORT = Number(process.env.E2E_FAKE_LLM_PORT ?? 11435);
/** The header-less static host (tools/static-server) serving dist/ at /rlm/; hosting.spec.ts also uses the next two. */
export const STATIC_PORT = Number(process.env.E2E_STATIC_PORT ?? 4183);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  projects: [
    // vite preview, which sends the headers; the app's service worker is kept out (it would hide requests from
    // page.route, see the Playwright docs) except where a spec opens its own context.
    { name: 'preview', testIgnore: 'hosting.spec.ts', use: { serviceWorkers: 'block' } },
    // The production build on a host that sends no headers, at a sub-path: the boundary must come back through the
    // service worker. The escape attempts run here too.
    // The same browser on the SharedArrayBuffer bridge (?bridge=sab, added by e2e/helpers.ts URL builders): the
    // suites that exercise waiting, recursion, budgets, stops and escapes. Chromium has JSPI, so the switch takes it away.
    {
      name: 'sab',
      metadata: { bridge: 'sab' },
      testMatch: ['**/recursion.spec.ts', '**/budgets.spec.ts', '**/redteam.spec.ts', '**/bridge.spec.ts'],
      use: { serviceWorkers: 'block' },
    },
    {
      name: 'static',
      testMatch: ['hosting.spec.ts', 'redteam.spec.ts'],
      grep: /static host|sandbox escape attempts/,
      use: { baseURL: `http://127.0.0.1:${STATIC_PORT}/rlm/` },
    },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      // Without these, Chromium floods a closed network with update and sync requests.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
      url: `http://127.0.0.1:${PREVIEW_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx tsx tools/static-server/cli.ts --dir dist --prefix /rlm/ --port ${STATIC_PORT}`,
      url: `http://127.0.0.1:${STATIC_PORT}/rlm/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx tsx tools/fake-llm/cli.ts --port ${FAKE_LLM_PORT}`,
      url: `http://127.0.0.1:${FAKE_LLM_PORT}/api/version`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
