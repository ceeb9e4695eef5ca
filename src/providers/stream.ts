/**
 * The shape the SDK adapters (openai.ts, anthropic.ts) share around every call: our retry policy (retry.ts, the SDKs'
 * own retries are off), whatever the SDK throws mapped to our errors (map-error.ts) with the phase it happened in,
 * and a failure caused by our own abort passed through untouched, so the retry layer reads it as a stop, not a fault.
 */
import type { ChatPart, ProviderKind } from '../core/types';
import { StreamError } from './errors';
import { toProviderError, type ErrorContext } from './map-error';
import { callWithRetry, streamWithRetry, type RetryPolicy } from './retry';

type Phase = NonNullable<ErrorContext['phase']>;

export interface SdkEndpoint {
  provider: ProviderKind;
  endpoint: string;
  policy: RetryPolicy;
  /** What map-error needs to word a failure of a call to `model` (undefined for listing models). */
  errorContext(model: string | undefined, phase: Phase): ErrorContext;
}

export class SdkCalls {
  constructor(private readonly to: SdkEndpoint) {}

  /** One request (listing models), retried and mapped. `run` must pass the attempt's signal on to the SDK. */
  call<T>(signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return callWithRetry((s) => this.mapped(s, undefined, 'connect', () => run(s)), this.target(signal));
  }

  /**
   * One streamed chat: `connect` until the SDK hands over its stream (a failure there is a 'connect' one, so a server
   * that is down gets the reachability probe), then `read` turns it into our parts ('stream' failures).
   */
  stream<S>(
    model: string,
    signal: AbortSignal | undefined,
    connect: (signal: AbortSignal) => Promise<S>,
    read: (stream: S, signal: AbortSignal) => AsyncIterable<ChatPart>,
  ): AsyncIterable<ChatPart> {
    const attempt = async function* (this: SdkCalls, s: AbortSignal): AsyncGenerator<ChatPart> {
      const stream = await this.mapped(s, model, 'connect', () => connect(s));
      try {
        yield* read(stream, s);
      } catch (err) {
        throw s.aborted ? err : await toProviderError(err, this.to.errorContext(model, 'stream'));
      }
    };
    return streamWithRetry((s) => attempt.call(this, s), this.target(signal));
  }

  /**
   * Both SDKs end an iteration quietly when aborted or when the body stops early: an abort becomes the signal's
   * reason, a stream without its closing event a StreamError, so neither passes for a complete answer.
   */
  checkEnd(signal: AbortSignal, finished: boolean, detail: string): void {
    if (signal.aborted) throw signal.reason;
    if (!finished) throw new StreamError({ provider: this.to.provider, endpoint: this.to.endpoint, detail, partial: false });
  }

  private async mapped<T>(signal: AbortSignal, model: string | undefined, phase: Phase, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw signal.aborted ? err : await toProviderError(err, this.to.errorContext(model, phase));
    }
  }

  private target(signal: AbortSignal | undefined) {
    return { provider: this.to.provider, endpoint: this.to.endpoint, policy: this.to.policy, signal };
  }
}
