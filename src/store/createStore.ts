import { create } from 'zustand';
import { createRunSlice } from './runSlice';
import { createSettingsSlice } from './settingsSlice';
import { createKeysSlice } from './keysSlice';
import { createModelsSlice } from './modelsSlice';
import { createContextSlice } from './contextSlice';
import { createHistorySlice } from './historySlice';
import { createViewSlice } from './viewSlice';
import { createForkSlice } from './forkSlice';
import type { AppState, StoreDeps } from './types';

export function createAppStore(deps: StoreDeps) {
  return create<AppState>()((...a) => ({
    ...createSettingsSlice(deps)(...a),
    ...createKeysSlice(deps)(...a),
    ...createModelsSlice(deps)(...a),
    ...createContextSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
    ...createViewSlice()(...a),
    ...createForkSlice(deps)(...a),
  }));
}
