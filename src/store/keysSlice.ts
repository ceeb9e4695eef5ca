import { errorMessage } from '../core/error-message';
import type { StateCreator } from 'zustand';
import type { ProviderKind } from '../core/types';
import type { AppState, StoreDeps } from './types';

export interface KeysSlice {
  /** API keys for this session only; never persisted, never sent to the sandbox. */
  keys: Partial<Record<ProviderKind, string>>;
  /** Providers whose key the user chose to remember on this device. */
  remembered: Partial<Record<ProviderKind, boolean>>;
  keyStoreError: string | null;
  setKey(kind: ProviderKind, key: string): void;
  rememberKey(kind: ProviderKind, remember: boolean): Promise<void>;
  /** Clears the key from memory and from the device. */
  forgetKey(kind: ProviderKind): Promise<void>;
}

export const createKeysSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], KeysSlice> =>
  (set, get) => {
    // Keys the user asked us to remember come back after a reload.
    void deps.keyStore
      .all()
      .then((saved) => {
        const kinds = Object.keys(saved) as ProviderKind[];
        if (!kinds.length) return;
        set((s) => ({ keys: { ...saved, ...s.keys }, remembered: Object.fromEntries(kinds.map((k) => [k, true])) }));
      })
      .catch((e) => set({ keyStoreError: `Saved keys could not be read: ${errorMessage(e)}` }));
    return {
      keys: {},
      remembered: {},
      keyStoreError: null,
      setKey: (kind, key) => {
        set((s) => ({ keys: { ...s.keys, [kind]: key } }));
        // An opted-in key follows edits; forgetting is the explicit button.
        if (get().remembered[kind]) void deps.keyStore.put(kind, key).catch(() => undefined);
      },
      rememberKey: async (kind, remember) => {
        // The checkbox follows the click at once; a failing store puts it back and says why.
        set((s) => ({ remembered: { ...s.remembered, [kind]: remember }, keyStoreError: null }));
        try {
          if (remember) await deps.keyStore.put(kind, get().keys[kind] ?? '');
          else await deps.keyStore.remove(kind);
        } catch (e) {
          set((s) => ({ remembered: { ...s.remembered, [kind]: !remember }, keyStoreError: `The key store is unavailable: ${errorMessage(e)}` }));
        }
      },
      forgetKey: async (kind) => {
        // Opt out first, so the cleared key is not written back by setKey on its way out.
        set((s) => ({ remembered: { ...s.remembered, [kind]: false }, keys: { ...s.keys, [kind]: '' } }));
        try {
          await deps.keyStore.remove(kind);
        } catch (e) {
          set({ keyStoreError: `The key could not be removed from this device: ${errorMessage(e)}` });
        }
      },
    };
  };
