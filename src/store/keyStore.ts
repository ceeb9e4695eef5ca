import { openDB } from 'idb';
import * as v from 'valibot';
import type { ProviderKind } from '../core/types';
import { shorten } from '../core/schema-issues';
import { providerKindSchema } from './settingsSchema';

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

type SavedKeys = Partial<Record<ProviderKind, string>>;

/**
 * Entries read back from the key store, checked: an entry under an unknown
 * name or holding a non-string is left out (and reported), never handed to
 * a provider as a key. It stays stored; only "forget" deletes.
 */
export function readKeys(entries: [unknown, unknown][], warn: (m: string) => void = console.warn): SavedKeys {
  const out: SavedKeys = {};
  for (const [kind, key] of entries) {
    // The message names the entry, never its content: it may be a secret.
    if (!v.is(providerKindSchema, kind)) warn(`Saved keys: the entry ${shorten(JSON.stringify(String(kind)), 40)} is not a provider and was ignored.`);
    else if (!v.is(v.string(), key)) warn(`Saved keys: the ${kind} entry is not text and was ignored.`);
    else out[kind] = key;
  }
  return out;
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
      const entries: [unknown, unknown][] = [];
      for (const k of await d.getAllKeys('keys')) entries.push([k, await d.get('keys', k)]);
      d.close();
      return readKeys(entries);
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
