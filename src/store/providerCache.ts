import type { ChatProvider } from '../core/types';
import type { ProviderConfig } from '../providers';

/** Same keys in any order give the same text, so equal configs share one key. */
function configKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(configKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${configKey(v)}`).join(',')}}`;
}

/**
 * One provider per config, so what a provider learns (Ollama's /api/show
 * answers) lasts beyond one run or one model-list refresh. A changed config
 * (host, key, timeout) is a different key and builds a new provider. The
 * least recently used ones are dropped so typing a key letter by letter
 * cannot pile providers up.
 */
export function providerCache(create: (config: ProviderConfig) => ChatProvider, limit = 8) {
  const built = new Map<string, ChatProvider>();
  return (config: ProviderConfig): ChatProvider => {
    const key = configKey(config);
    let p = built.get(key);
    if (p) built.delete(key);
    else p = create(config);
    built.set(key, p);
    if (built.size > limit) built.delete(built.keys().next().value as string);
    return p;
  };
}
