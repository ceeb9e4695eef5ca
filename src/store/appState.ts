/**
 * The store's state is every slice's interface: each slice's file imports AppState from types.ts, and this file
 * (which imports the slices) fills AppState in there by declaration merging, so no arrow runs from types.ts back
 * up to a slice.
 */
import type { RunSlice } from './runSlice';
import type { SettingsSlice } from './settingsSlice';
import type { KeysSlice } from './keysSlice';
import type { ModelsSlice } from './modelsSlice';
import type { ContextSlice } from './contextSlice';
import type { HistorySlice } from './historySlice';
import type { ViewSlice } from './viewSlice';
import type { StepSlice } from './stepSlice';
import type { SessionSlice } from './sessionSlice';
import type { ForkSlice } from './forkSlice';
import type { BenchSlice } from './benchSlice';

declare module './types' {
  interface AppState
    extends RunSlice, SettingsSlice, KeysSlice, ModelsSlice, ContextSlice, HistorySlice, ViewSlice, BenchSlice, StepSlice, SessionSlice, ForkSlice {}
}
