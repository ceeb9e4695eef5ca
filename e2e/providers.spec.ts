/**
 * Every provider family and mix runs the NIAH task end to end against the
 * fake server: Anthropic's Messages API, OpenAI-compatible presets on a
 * custom base URL, root and sub-model on different providers, a model on a
 * second Ollama host, and a thinking model whose thinking stays aside.
 */
import { expect, test } from '@playwright/test';
import { makeNiah } from '../src/bench/niah';
import { createFakeLlmServer, type FakeLlmServer } from '../tools/fake-llm/server';
import { anthropicUrl, ask, expectSandboxReady, FAKE, fakeStats, ollamaUrl, openaiUrl, resetFake, solveNiah } from './helpers';

const task = makeNiah(11, 5_000);

test.beforeEach(async () => {
  await resetFake();
});

test('Anthropic Messages API: key typed in the page, sent as x-api-key, NIAH solved', async ({ page }) => {
  await page.goto(anthropicUrl('solver'));
  // Keys never come from a URL: without one the listing is refused by the SDK itself.
  await page.getByTestId('api-key-input').fill('sk-ant-e2e-key');
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await expect(page.getByTestId('model-select')).toHaveValue('solver');
  await expect(page.getByTestId('data-notice')).toContainText('Anthropic');
  await solveNiah(page, task);
  await expect(page.getByTestId('subcall')).toHaveCount(1);
  const stats = await fakeStats();
  expect(stats.requests['POST /v1/messages']).toBeGreaterThanOrEqual(3);
  expect(stats.requests['POST /v1/chat/completions']).toBeUndefined();
  expect(stats.credentials).toContain('sk-ant-e2e-key');
});

for (const preset of ['groq', 'gemini'] as const) {
  test(`OpenAI-compatible preset ${preset} on a custom base URL, picked in the UI`, async ({ page }) => {
    await page.goto('/?provider=openai');
    await page.getByTestId('preset-select').selectOption(preset);
    await expect(page.getByTestId('base-url-input')).not.toHaveValue('');
    await page.getByTestId('base-url-input').fill(`${FAKE}/v1`);
    await page.getByTestId('api-key-input').fill(`${preset}-e2e-key`);
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    // The preset survives the address change: it still decides the dialect.
    await expect(page.getByTestId('preset-select')).toHaveValue(preset);
    await page.getByTestId('model-select').selectOption('solver');
    await expect(page.getByTestId('data-notice')).toContainText(preset === 'groq' ? 'Groq' : 'Gemini');
    await solveNiah(page, task);
    const stats = await fakeStats();
    expect(stats.requests['POST /v1/chat/completions']).toBeGreaterThanOrEqual(3);
    expect(stats.credentials).toContain(`${preset}-e2e-key`);
    // Streaming with usage: the counts are the server's, not estimates.
    await expect(page.getByTestId('run-stats')).not.toContainText('~');
  });
}

test('root on Ollama, llm_query on an OpenAI-compatible server', async ({ page }) => {
  await page.goto(ollamaUrl('solver', `&subProvider=openai&baseURL=${encodeURIComponent(`${FAKE}/v1`)}&subModel=gpt-4o-mini`));
  await expect(page.getByTestId('sub-provider-select')).toHaveValue('openai');
  await expect(page.getByTestId('sub-model-select')).toHaveValue('gpt-4o-mini');
  await expect(page.getByTestId('data-notice')).toContainText('Ollama');
  await expect(page.getByTestId('data-notice')).toContainText('OpenAI-compatible');
  await solveNiah(page, task);
  await expect(page.getByTestId('subcall')).toHaveCount(1);
  await expect(page.getByTestId('subcall')).toContainText('gpt-4o-mini');
  const stats = await fakeStats();
  expect(stats.models['gpt-4o-mini']).toBe(1);
  expect(stats.requests['POST /v1/chat/completions']).toBe(1);
  expect(stats.models.solver).toBeGreaterThanOrEqual(2);
  // Ollama got num_ctx capped to what the model reports (40,960), and the default temperature.
  expect(stats.lastParams.solver.options).toMatchObject({ num_ctx: 40960, temperature: 0.6 });
  expect(stats.lastParams['gpt-4o-mini'].temperature).toBe(0.6);
});

test('a thinking model: think auto turns it on, thinking is kept collapsed and never run or answered', async ({ page }) => {
  await page.goto(ollamaUrl('solver-think'));
  await expect(page.getByTestId('model-thinks')).toHaveText('thinks');
  await expect(page.getByTestId('model-details')).toContainText('40,960-token window');
  await solveNiah(page, task);
  await page.getByTestId('timeline-card').first().click();
  const first = page.getByTestId('iteration-detail');
  await expect(first).toHaveAttribute('data-iteration', '1');
  const thinking = first.locator('details', { hasText: 'Thinking' });
  await expect(thinking).toHaveCount(1);
  await expect(thinking).not.toHaveAttribute('open', /.*/);
  await expect(thinking.locator('pre')).toBeHidden();
  // The thinking holds a draft repl block that must never run nor become the answer.
  expect(await thinking.locator('pre').textContent()).toContain('DRAFT-FROM-THINKING');
  await expect(page.getByTestId('final-answer')).not.toContainText('DRAFT');
  await expect(first.getByTestId('iteration-response')).not.toContainText('DRAFT-FROM-THINKING');
  // No iteration's output has it.
  for (const card of await page.getByTestId('timeline-card').all()) {
    await card.click();
    await expect(first).toHaveAttribute('data-iteration', (await card.getAttribute('data-iteration'))!);
    for (const out of await first.getByTestId('block-stdout').allTextContents()) expect(out).not.toContain('DRAFT-FROM-THINKING');
  }
  const stats = await fakeStats();
  expect(stats.lastParams['solver-think'].think).toBe(true);
});

test.describe('a second Ollama host', () => {
  let remote: FakeLlmServer;
  test.beforeAll(async () => {
    remote = await createFakeLlmServer({ chunkDelayMs: 1 });
    // A model only the remote host has.
    await (await fetch(`${remote.url}/api/pull`, { method: 'POST', body: JSON.stringify({ model: 'remote-solver', stream: false }) })).json();
  });
  test.afterAll(() => remote.close());

  test('its models join the list and a model picked from it runs there', async ({ page }) => {
    await page.goto(ollamaUrl('solver'));
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    await page.getByTestId('add-host').click();
    await page.getByTestId('extra-host-input').fill(remote.url);
    await expect(page.getByTestId('connection-status')).toContainText('on other hosts');
    await page.getByTestId('model-select').selectOption(`remote-solver\t${remote.url}`);
    await expect(page.getByTestId('model-details')).toContainText('Q4_K_M');
    await expect(page.getByTestId('data-notice')).toContainText(`127.0.0.1:${remote.port}`);
    await expect(page.getByTestId('pull-panel')).toHaveCount(0);
    await solveNiah(page, task);
    expect(remote.stats.models['remote-solver']).toBeGreaterThanOrEqual(3);
    expect((await fakeStats()).requests['POST /api/chat']).toBeUndefined();
    // A host that does not answer is named, and the others' models stay usable.
    await page.getByTestId('add-host').click();
    await page.getByTestId('extra-host-input').nth(1).fill('http://127.0.0.1:9');
    await expect(page.getByTestId('extra-host-error')).toContainText('127.0.0.1:9');
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
  });
});

test('prices are editable, persist, and price the run', async ({ page }) => {
  await page.goto(openaiUrl('solver'));
  await expectSandboxReady(page);
  await page.locator('summary', { hasText: 'Prices' }).click();
  const table = page.getByTestId('price-table');
  await table.getByTestId('price-new-model').fill('solver');
  await table.getByTestId('price-new-input').fill('1000');
  await table.getByTestId('price-new-output').fill('2000');
  await table.getByTestId('price-add').click();
  await expect(table.locator('[data-model="solver"]')).toHaveCount(1);
  await table.locator('[data-model="gpt-4o"]').getByTestId('price-remove').click();
  await page.reload();
  await page.locator('summary', { hasText: 'Prices' }).click();
  await expect(table.locator('[data-model="solver"]').getByTestId('price-output')).toHaveValue('2000');
  await expect(table.locator('[data-model="gpt-4o"]')).toHaveCount(0);
  await ask(page, 'What is 6 * 7?');
  await expect(page.getByTestId('final-answer')).toHaveText('42', { timeout: 60_000 });
  // ~hundreds of tokens at $1000/$2000 per million: cents, not "$ –" (unknown) and not $0.
  await expect(page.getByTestId('run-cost')).toHaveText(/^\$\d+\.\d{2,4}$/);
  await expect(page.getByTestId('run-cost')).not.toHaveText('$0');
});

test('settings panel screenshot: connected Ollama list, details, price table', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto(ollamaUrl('qwen3:4b'));
  await expect(page.getByTestId('model-details')).toContainText('thinks');
  await page.locator('summary', { hasText: 'Run limits' }).click();
  // The engine's subcallConcurrency: a limit on calls in flight together, not on how many a run makes.
  await expect(page.getByLabel('Sub-calls at once')).toHaveValue('8');
  await page.locator('summary', { hasText: 'Prices' }).click();
  await expect(page.getByTestId('price-row').first()).toBeVisible();
  await page.locator('aside').screenshot({ path: '/tmp/settings.png' });
});
