import { errorMessage } from '../core/error-message';
/**
 * Model lists across several Ollama servers, and the small rules the picker
 * needs: which host a listed model came from, and whether a chosen model is
 * installed where its calls will go.
 */
import type { ChatProvider, ModelInfo } from '../core/types';
import type { ProviderConfig } from '../providers';
import { ollamaHostFor, type OllamaSettings } from './settings';

/** A listed model; `host` is set for models from an extra Ollama host. */
export type ListedModel = ModelInfo & { host?: string };

export interface MergedList {
  list: ListedModel[];
  /** host → why it could not be listed. */
  hostErrors: Record<string, string>;
}


/** Every distinct host, the main one first; blank and repeated entries dropped. */
function ollamaHosts(o: OllamaSettings): string[] {
  return Array.from(new Set([o.host, ...o.hosts].map((h) => h.trim()).filter(Boolean)));
}

/**
 * Lists every host at once. Fails (with the main host's reason) only when no
 * host answered: one server being off must not hide the others' models.
 */
export async function listOllamaHosts(
  o: OllamaSettings,
  make: (config: ProviderConfig) => ChatProvider,
  callTimeoutMs: number,
  signal: AbortSignal,
): Promise<MergedList> {
  const hosts = ollamaHosts(o);
  const results = await Promise.allSettled(hosts.map((host) => make({ kind: 'ollama', host, callTimeoutMs }).listModels(signal)));
  const list: ListedModel[] = [];
  const hostErrors: Record<string, string> = {};
  results.forEach((r, i) => {
    const host = i === 0 ? undefined : hosts[i];
    if (r.status === 'fulfilled') list.push(...r.value.map((m) => (host ? { ...m, host } : m)));
    else hostErrors[hosts[i]] = errorMessage(r.reason);
  });
  if (results.every((r) => r.status === 'rejected')) throw (results[0] as PromiseRejectedResult).reason;
  return { list, hostErrors };
}

/** Ollama treats `llama3.2` and `llama3.2:latest` as the same model. */
export function sameOllamaModel(a: string, b: string): boolean {
  const norm = (n: string) => (n.includes(':') ? n : `${n}:latest`);
  return norm(a) === norm(b);
}

/** Whether `model` is listed on the host its calls would go to (main host = entries without `host`). */
export function isInstalled(model: string, list: ListedModel[], o: OllamaSettings): boolean {
  const host = ollamaHostFor(model, o);
  return list.some((m) => sameOllamaModel(m.name, model) && (m.host ?? o.host) === host);
}

/** Select-box value for a listed model: plain name on the main host, name + tab + host elsewhere. */
export function optionValue(m: ListedModel): string {
  return m.host ? `${m.name}\t${m.host}` : m.name;
}

export function parseOptionValue(v: string): { name: string; host?: string } {
  const [name, host] = v.split('\t');
  return host ? { name, host } : { name };
}

/** Key of a described model: the same name on two hosts may be two different models. */
export const describeKey = (host: string, name: string) => `${host}\n${name}`;
