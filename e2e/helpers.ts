import { expect, test, type Page } from '@playwright/test';
import { FAKE_LLM_PORT } from '../playwright.config';

export const FAKE = `http://127.0.0.1:${FAKE_LLM_PORT}`;

/** The `sab` project (playwright.config.ts) runs its specs on the SharedArrayBuffer bridge: `?bridge=sab`. */
export function bridgeParam(): string {
  try {
    return test.info().project.metadata?.bridge === 'sab' ? '&bridge=sab' : '';
  } catch {
    return ''; // a URL built at a spec's top level, outside any test: those specs are not in the sab project
  }
}

export function ollamaUrl(model: string, extra = ''): string {
  return `./?provider=ollama&host=${encodeURIComponent(FAKE)}&model=${encodeURIComponent(model)}${extra}${bridgeParam()}`;
}

export function openaiUrl(model: string, extra = ''): string {
  return `./?provider=openai&baseURL=${encodeURIComponent(`${FAKE}/v1`)}&model=${encodeURIComponent(model)}${extra}${bridgeParam()}`;
}

export async function dropText(page: Page, name: string, text: string | Buffer, mimeType = 'text/plain') {
  await page.getByTestId('context-file-input').setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

export async function ask(page: Page, question: string) {
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('run-button').click();
}

export async function expectSandboxReady(page: Page) {
  await expect(page.getByTestId('sandbox-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  if (bridgeParam()) await expect(page.getByTestId('sandbox-status')).toHaveAttribute('data-bridge', 'sab');
}

export function anthropicUrl(model: string, extra = ''): string {
  return `./?provider=anthropic&baseURL=${encodeURIComponent(FAKE)}&model=${encodeURIComponent(model)}${extra}${bridgeParam()}`;
}

/** What the fake LLM server counted (see tools/fake-llm/README.md). */
export interface FakeStats {
  requests: Record<string, number>;
  models: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  lastParams: Record<string, Record<string, any>>;
  times: Record<string, number[]>;
  credentials: string[];
}

export async function fakeStats(base = FAKE): Promise<FakeStats> {
  return (await fetch(`${base}/__stats`)).json() as Promise<FakeStats>;
}

/** Clears counts, fault counters and pulled models, so each test starts from the same server. */
export async function resetFake(base = FAKE): Promise<void> {
  await fetch(`${base}/__reset`, { method: 'POST' });
}

/** Loads a haystack and asks its question; resolves once the answer is shown. */
export async function solveNiah(page: Page, task: { text: string; question: string; answer: string }) {
  await expectSandboxReady(page);
  await dropText(page, 'haystack.txt', task.text);
  await expect(page.getByTestId('context-ready')).toBeVisible();
  await ask(page, task.question);
  await expect(page.getByTestId('final-answer')).toHaveText(task.answer, { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done');
}

/** A fresh fake model that answers with `responses` in order (see tools/fake-llm/README.md, `/__script`). */
export async function scripted(name: string, responses: string[]): Promise<string> {
  const model = `scripted:${name}-${Date.now()}`;
  const r = await fetch(`${FAKE}/__script`, { method: 'POST', body: JSON.stringify({ model, responses }) });
  expect(r.ok).toBe(true);
  return model;
}
