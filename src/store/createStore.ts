import { create } from 'zustand';
import { createRunSlice } from './runSlice';
import { createSettingsSlice } from './settingsSlice';
import { createContextSlice } from './contextSlice';
import { createHistorySlice } from './historySlice';
import type { AppState, StoreDeps } from './types';

export function createAppStore(deps: StoreDeps) {
  return create<AppState>()((...a) => ({
    ...createSettingsSlice(deps)(...a),
    ...createContextSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
