import type { SubcallKind, Usage } from './types';

/**
 * The opt-in sub-call cache of one run tree. Keys are (kind, model, prompt, sampling); an entry
 * is the first call's promise, so identical calls made at the same time wait for one answer
 * instead of all going out. Failed calls are forgotten: only answers are reused.
 */
export interface CachedAnswer {
  response: string;
  usage: Usage;
}

export interface Sampling {
  temperature: number;
  think: string;
  numCtx: number;
}

export class SubcallCache {
  private readonly entries = new Map<string, Promise<CachedAnswer | null>>();

  key(kind: SubcallKind, model: string, prompt: string, s: Sampling): string {
    return JSON.stringify([kind, model, s.temperature, s.think, s.numCtx, prompt]);
  }

  get(key: string): Promise<CachedAnswer | null> | undefined {
    return this.entries.get(key);
  }

  /** Claims `key` for a call about to be made; `settle` with its answer, or null if it failed. */
  claim(key: string): (answer: CachedAnswer | null) => void {
    let settle!: (a: CachedAnswer | null) => void;
    this.entries.set(key, new Promise((resolve) => (settle = resolve)));
    return (answer) => {
      if (!answer) this.entries.delete(key);
      settle(answer);
    };
  }
}
