import type { RunSettingsPublic } from '../core/events';
import type { Settings } from './settings';
import type { AppState } from './types';

/** The saved settings with a past run's models and engine limits; providers and prices stay as they are. */
export function settingsForRerun(s: Settings, run: RunSettingsPublic): Settings {
  const { maxIterations, maxOutputChars, blockTimeoutMs, subcallConcurrency } = run;
  return {
    ...s,
    rootModel: run.rootModel,
    // The run recorded the resolved sub model; the same as the root means "the root model" ('').
    subModel: run.subModel === run.rootModel ? '' : run.subModel,
    engine: { ...s.engine, maxIterations, maxOutputChars, blockTimeoutMs, subcallConcurrency },
  };
}

/**
 * The run form as the opened run had it — question, models, limits, and the provider when known — so that Run runs
 * what is on screen, not whatever the form held before.
 */
export function fillFormFrom(get: () => AppState, t: { question: string; settings: RunSettingsPublic }, provider?: Settings['rootProvider']): void {
  get().setQuestion(t.question);
  if (!t.settings.rootModel) return;
  get().updateSettings((s) => {
    const base = provider ? { ...s, rootProvider: provider, subProvider: provider } : s;
    // An imported official log records no limits of ours (0): its models, and the form's own limits.
    return t.settings.blockTimeoutMs > 0 ? settingsForRerun(base, t.settings) : { ...base, rootModel: t.settings.rootModel, subModel: t.settings.subModel === t.settings.rootModel ? '' : t.settings.subModel };
  });
}

