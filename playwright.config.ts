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

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
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
  projects: [
    { name: 'chromium' },
    // The same browser on the SharedArrayBuffer bridge (?bridge=sab, added by e2e/helpers.ts URL builders): the
    // suites that exercise waiting, recursion, budgets, stops and escapes. Chromium has JSPI, so the switch takes it away.
    {
      name: 'sab',
      metadata: { bridge: 'sab' },
      testMatch: ['**/recursion.spec.ts', '**/budgets.spec.ts', '**/redteam.spec.ts', '**/bridge.spec.ts'],
    },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
      url: `http://127.0.0.1:${PREVIEW_PORT}`,
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
