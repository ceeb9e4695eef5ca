import { expect, type Page } from '@playwright/test';
import { FAKE_LLM_PORT } from '../playwright.config';

export const FAKE = `http://127.0.0.1:${FAKE_LLM_PORT}`;

export function ollamaUrl(model: string, extra = ''): string {
  return `/?provider=ollama&host=${encodeURIComponent(FAKE)}&model=${encodeURIComponent(model)}${extra}`;
}

export function openaiUrl(model: string, extra = ''): string {
  return `/?provider=openai&baseURL=${encodeURIComponent(`${FAKE}/v1`)}&model=${encodeURIComponent(model)}${extra}`;
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
}
