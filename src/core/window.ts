import type { ChatProvider } from './types';
import { estimateTokens } from './usage';

/**
 * Sub-model context windows, asked once per (endpoint, model) for the whole run tree, so that a
 * sub-call whose prompt cannot fit fails at once with a message the code can act on, instead of a
 * server error or (Ollama) a silent cut. Unknown windows are not checked.
 */
export class ModelWindows {
  private readonly known = new Map<string, Promise<number | null>>();

  constructor(private readonly signal?: AbortSignal) {}

  /** The window a call will get: Ollama runs with num_ctx, capped by the model's own window. */
  window(provider: ChatProvider, model: string, numCtx: number): Promise<number | null> {
    const key = `${provider.endpoint}\u0000${model}`;
    let w = this.known.get(key);
    if (!w) {
      const asked = provider.describeModel?.(model, this.signal) ?? Promise.resolve(null);
      w = asked.then(
        (info) => positive(info?.contextLength),
        () => null, // a model the server cannot describe is simply not checked
      );
      this.known.set(key, w);
    }
    return provider.kind === 'ollama' ? w.then((n) => (n === null ? numCtx : Math.min(n, numCtx))) : w;
  }

  /** The "prompt is ~N tokens; model X's window is M tokens" message, or null when it fits (or nobody knows). */
  async check(provider: ChatProvider, model: string, prompt: string, numCtx: number): Promise<string | null> {
    const window = await this.window(provider, model, numCtx);
    const tokens = estimateTokens(prompt.length);
    if (window === null || tokens <= window) return null;
    return `prompt is ~${tokens.toLocaleString('en-US')} tokens; model ${model}'s window is ${window.toLocaleString('en-US')} tokens. Split it into smaller pieces.`;
  }
}

const positive = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null);
