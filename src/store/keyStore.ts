import { openDB } from 'idb';
import type { ProviderKind } from '../core/types';

/**
 * The one place an API key may be written down: an IndexedDB store the user
 * opted into with "remember on this device". Separate from run history so a
 * history export or wipe can never touch it.
 */
export interface KeyStore {
  all(): Promise<Partial<Record<ProviderKind, string>>>;
  put(kind: ProviderKind, key: string): Promise<void>;
  remove(kind: ProviderKind): Promise<void>;
}

export function indexedDbKeyStore(name = 'rlm-studio-keys'): KeyStore {
  const db = () =>
    openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('keys');
      },
    });
  return {
    async all() {
      const d = await db();
      const out: Partial<Record<ProviderKind, string>> = {};
      for (const k of (await d.getAllKeys('keys')) as ProviderKind[]) out[k] = (await d.get('keys', k)) as string;
      d.close();
      return out;
    },
    async put(kind, key) {
      const d = await db();
      await d.put('keys', key, kind);
      d.close();
    },
    async remove(kind) {
      const d = await db();
      await d.delete('keys', kind);
      d.close();
    },
  };
}

export function memoryKeyStore(): KeyStore {
  const m = new Map<ProviderKind, string>();
  return {
    all: async () => Object.fromEntries(m) as Partial<Record<ProviderKind, string>>,
    put: async (k, v) => void m.set(k, v),
    remove: async (k) => void m.delete(k),
  };
}
