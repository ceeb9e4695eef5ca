/**
 * The SDKs are most of the app's own JS (Anthropic's alone is ~75 kB gzip), and a user needs one of them at most: each
 * provider loads its SDK on its first call, so the first page load carries none (tools/bench/bundle.ts measures it).
 * A load that fails (offline, or a new deploy replaced the chunk) is not remembered, so the next call tries again, and
 * it says so in words instead of passing for a fault of the user's server.
 */
import type { ProviderKind } from '../core/types';
import { ProviderError } from './errors';

export interface SdkTarget {
  readonly kind: ProviderKind;
  readonly endpoint: string;
}

/** `load` runs once on the first call that succeeds; `what` names the code for the message ("the OpenAI client"). */
export function lazySdk<T>(what: string, load: () => Promise<T>): (to: SdkTarget) => Promise<T> {
  let loading: Promise<T> | undefined;
  return async (to) => {
    loading ??= load();
    try {
      return await loading;
    } catch (err) {
      loading = undefined;
      const detail = err instanceof Error ? err.message : String(err);
      throw new ProviderError({
        provider: to.kind,
        endpoint: to.endpoint,
        detail: `loading ${what} failed: ${detail}`,
        cause: err,
        userMessage: `Could not load ${what} (the page's own code, nothing reached ${to.endpoint}): ${detail}. ` +
          'Check the network connection and reload the page.',
      });
    }
  };
}
