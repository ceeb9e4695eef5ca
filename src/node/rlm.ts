/**
 * The library: `new RLM({ model, … })`, `await rlm.completion({ prompt, context })`, `rlm.stream(…)` for the page's
 * event stream, `rlm.session()` for follow-ups on one REPL, `close()` so no thread keeps the process alive.
 */
import type { PriceTable } from '../core/cost';
import type { RunEvent } from '../core/events';
import type { EngineSettings } from '../core/settings';
import type { ChatProvider, ProviderKind } from '../core/types';
import { SandboxClient } from '../sandbox/client';
import type { SandboxClientOptions, TransportFactory } from '../sandbox/api';
import { SandboxPool } from '../sandbox/pool';
import { Channel } from './channel';
import type { ContextInput } from './context';
import { makeProvider, type ProviderOptions } from './providers';
import { defaultClientOptions, defaultTransport } from './sandbox-host';
import { RLMSession } from './session';
import type { CompletionResult, TurnSetup } from './turn';

export type Budgets = Pick<EngineSettings, 'maxDepth' | 'maxSubcalls' | 'maxTokens' | 'maxCostUsd' | 'maxWallMs' | 'maxErrors'>;

export interface RLMOptions extends ProviderOptions {
  /** Root model. */
  model: string;
  /** Model for llm_query (the root model when absent), on the same provider unless `subProvider` says otherwise. */
  subModel?: string;
  subProvider?: ProviderOptions;
  /** Engine settings (maxIterations, numCtx, temperature, think, blockTimeoutMs, …). */
  settings?: Partial<EngineSettings>;
  /** Budgets over the whole run tree (see the README's "Recursion, budgets and prompt strategies"). */
  limits?: Partial<Budgets>;
  strategy?: EngineSettings['strategy'];
  /** Sandboxes, i.e. completions at once (default 1); a session holds one for its life. */
  sandboxes?: number;
  /** Where Python runs (default: src/node/sandbox-host.ts). */
  transport?: TransportFactory;
  sandboxOptions?: SandboxClientOptions;
  /** USD per million tokens by model (default: the app's table). */
  prices?: PriceTable;
  /** Injected for tests and bring-your-own providers. */
  providers?: { root: ChatProvider; sub?: ChatProvider };
  now?: () => number;
  newId?: () => string;
}

export interface CompletionInput {
  prompt: string;
  context?: ContextInput;
  signal?: AbortSignal;
  /** Every event as it happens, tokens included. */
  onEvent?: (e: RunEvent) => void;
}

/** Events as they happen (`for await`), and the result once the run ends. */
export interface RunStream extends AsyncIterable<RunEvent> {
  result: Promise<CompletionResult>;
}

export type { CompletionResult } from './turn';

export class RLM {
  private readonly pool: SandboxPool<SandboxClient>;
  private busyCount = 0;
  private closed = false;
  readonly setup: TurnSetup;

  constructor(readonly options: RLMOptions) {
    if (!options.model) throw new Error('RLM needs a model (options.model).');
    const transport = options.transport ?? defaultTransport;
    this.pool = new SandboxPool(() => new SandboxClient(transport, { ...defaultClientOptions(transport), ...options.sandboxOptions }), options.sandboxes ?? 1);
    const subOpts = options.subProvider ?? options;
    const kind = (o: ProviderOptions): ProviderKind => o.provider ?? 'ollama';
    const root = options.providers?.root ?? makeProvider(options);
    this.setup = {
      root,
      sub: options.providers?.sub ?? (options.subProvider ? makeProvider(subOpts) : root),
      rootKind: kind(options),
      subKind: kind(subOpts),
      model: options.model,
      subModel: options.subModel || options.model,
      settings: { ...options.settings, ...options.limits, ...(options.strategy ? { strategy: options.strategy } : {}) },
      ...(options.prices ? { prices: options.prices } : {}),
      now: options.now ?? (() => Date.now()),
      newId: options.newId ?? (() => globalThis.crypto.randomUUID()),
    };
  }

  /** Sandboxes in use and in all: a server answers 429 when they are all taken. */
  get capacity(): { busy: number; size: number } {
    return { busy: this.busyCount, size: this.pool.size };
  }

  /** One question on a fresh REPL. */
  async completion(input: CompletionInput): Promise<CompletionResult> {
    const session = this.session();
    try {
      return await session.completion(input);
    } finally {
      await session.close();
    }
  }

  /** The same run as an async iterator of its events (tokens included), the result in `.result`. */
  stream(input: Omit<CompletionInput, 'onEvent'>): RunStream {
    const channel = new Channel<RunEvent>();
    const result = this.completion({ ...input, onEvent: (e) => channel.push(e) }).finally(() => channel.close());
    result.catch(() => channel.close());
    return Object.assign(channel, { result });
  }

  /** Follow-up questions on one persistent REPL (the official `persistent=True`). */
  session(): RLMSession {
    if (this.closed) throw new Error('This RLM was closed.');
    return new RLMSession(this.setup, {
      acquire: async (signal) => {
        this.busyCount++;
        try {
          return await this.pool.acquire(signal);
        } catch (e) {
          this.busyCount--;
          throw e;
        }
      },
      release: async (sb) => {
        this.busyCount--;
        await this.pool.release(sb);
      },
    });
  }

  /** Ends every sandbox thread; pending runs fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.pool.dispose();
  }
}
