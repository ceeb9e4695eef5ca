/**
 * `ollama pull` from the page: Ollama streams one progress line per layer
 * update; a model has several layers (weights, template, license…), so the
 * bar shows bytes over all layers seen so far, not the current layer's.
 */
import type { Ollama, ProgressResponse } from 'ollama/browser';
import { ProviderError } from './errors';

export interface PullProgress {
  /** Ollama's own words: "pulling manifest", "pulling 3f2a…", "verifying sha256 digest", "success". */
  status: string;
  completed: number;
  /** 0 until the first layer announces its size. */
  total: number;
}

/** Resolves once Ollama says "success"; throws what ollama-js or fetch threw otherwise. */
export async function pullModel(
  client: Ollama,
  model: string,
  onProgress: (p: PullProgress) => void,
  endpoint: string,
): Promise<void> {
  const layers = new Map<string, { completed: number; total: number }>();
  let last = '';
  const stream = await client.pull({ model, stream: true });
  for await (const line of stream as AsyncIterable<ProgressResponse>) {
    last = line.status;
    if (line.digest && line.total) layers.set(line.digest, { completed: line.completed ?? 0, total: line.total });
    let completed = 0;
    let total = 0;
    for (const l of layers.values()) {
      completed += l.completed;
      total += l.total;
    }
    onProgress({ status: line.status, completed, total });
  }
  if (last !== 'success') throw pullError(new Error(`the pull ended at "${last || 'nothing'}"`), model, endpoint);
}

/** ollama-js turns an `{"error": …}` progress line into a plain Error: that is the registry talking. */
export function isPullStreamError(err: unknown): boolean {
  const e = err as { name?: string; status_code?: unknown } | null;
  return !!e && e.name === 'Error' && e.status_code === undefined && !/fetch|network|load failed/i.test(String((err as Error).message));
}

export function pullError(err: unknown, model: string, endpoint: string): ProviderError {
  const detail = err instanceof Error ? err.message : String(err);
  const missing = /file does not exist|not found|manifest unknown/i.test(detail);
  const why = missing
    ? `the Ollama library has no model named '${model}'. Check the name and tag on https://ollama.com/library`
    : detail;
  return new ProviderError({
    provider: 'ollama',
    endpoint,
    detail,
    cause: err,
    userMessage: `Could not pull '${model}' to ${endpoint}: ${why}.`,
  });
}
