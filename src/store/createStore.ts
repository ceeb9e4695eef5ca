import { create } from 'zustand';
import { createRunSlice } from './runSlice';
import { createSettingsSlice } from './settingsSlice';
import { createKeysSlice } from './keysSlice';
import { createModelsSlice } from './modelsSlice';
import { createContextSlice } from './contextSlice';
import { createHistorySlice } from './historySlice';
import { createViewSlice } from './viewSlice';
import { createBenchSlice } from './benchSlice';
import type { AppState, StoreDeps } from './types';

export function createAppStore(deps: StoreDeps) {
  const store = create<AppState>()((...a) => ({
    ...createSettingsSlice(deps)(...a),
    ...createKeysSlice(deps)(...a),
    ...createModelsSlice(deps)(...a),
    ...createContextSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
    ...createViewSlice()(...a),
    ...createBenchSlice(deps)(...a),
  }));
  // A benchmark a reload cut off reopens as paused, its finished trials kept.
  void store.getState().loadBenches();
  return store;
}
