import { errorMessage } from '../core/call';
import { create } from 'zustand';
import { createRunSlice } from './runSlice';
import { createSettingsSlice } from './settingsSlice';
import { createContextSlice } from './contextSlice';
import { createHistorySlice } from './historySlice';
import type { AppState, StoreDeps } from './types';

export function createAppStore(deps: StoreDeps) {
  const store = create<AppState>()((...a) => ({
    ...createSettingsSlice(deps)(...a),
    ...createContextSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
  }));
  // Keys the user asked us to remember come back after a reload.
  void deps.keyStore
    .all()
    .then((saved) => {
      const kinds = Object.keys(saved) as (keyof typeof saved)[];
      if (!kinds.length) return;
      store.setState((s) => ({
        keys: { ...saved, ...s.keys },
        remembered: Object.fromEntries(kinds.map((k) => [k, true])),
      }));
    })
    .catch((e) => store.setState({ keyStoreError: `Saved keys could not be read: ${errorMessage(e)}` }));
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
