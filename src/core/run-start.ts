/** The run-started event of a run: what it asked, with which models, limits and prompt, as the record keeps it. */
import type { EventBody } from './events';
import { DEFAULT_STRATEGY, recordedSettings, type EngineSettings } from './settings';
import type { RunInput } from './run-types';

interface StartFacts {
  subModel: string;
  rootEndpoint: string;
  subEndpoint: string;
  noSubcalls: boolean;
}

export function runStartedBody(input: RunInput, s: Required<EngineSettings>, f: StartFacts, at: number): EventBody {
  return {
    type: 'run-started',
    at,
    question: input.question,
    context: input.context,
    ...(input.resume ? { forkOf: input.resume.forkOf } : {}),
    settings: {
      rootModel: input.rootModel,
      subModel: f.subModel,
      rootEndpoint: f.rootEndpoint,
      subEndpoint: f.subEndpoint,
      ...recordedSettings(s),
      ...(f.noSubcalls ? { noSubcalls: true } : {}),
      // Only when not the default, so a run's record says what steered the model without repeating the default.
      ...(s.strategy !== DEFAULT_STRATEGY ? { strategy: s.strategy } : {}),
      ...(s.systemPrompt.trim() ? { systemPrompt: s.systemPrompt } : {}),
    },
    ...(input.session ? { session: input.session } : {}),
  };
}
