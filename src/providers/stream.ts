/**
 * The shape the SDK adapters (openai.ts, anthropic.ts) share around every call: whatever the SDK throws is mapped to
 * our errors (map-error.ts) with the phase it happened in, while a failure caused by our own abort passes through
 * untouched so that the retry layer reads it as a stop, not as a fault.
 */
import type { ChatPart, ProviderKind } from '../core/types';
import { StreamError } from './errors';
import { toProviderError, type ErrorContext } from './map-error';

export type Phase = NonNullable<ErrorContext['phase']>;

/** Runs one SDK request (e.g. listing models); a failure comes out as a ProviderError for `context(phase)`. */
export async function sdkCall<T>(
  signal: AbortSignal,
  context: (phase: Phase) => ErrorContext,
  call: () => Promise<T>,
  phase: Phase = 'connect',
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw signal.aborted ? err : await toProviderError(err, context(phase));
  }
}

/** One streamed attempt: `connect` until the SDK hands over its stream, then `read` it as our parts. */
export async function* sdkStream<S>(
  signal: AbortSignal,
  context: (phase: Phase) => ErrorContext,
  connect: () => Promise<S>,
  read: (stream: S) => AsyncIterable<ChatPart>,
): AsyncGenerator<ChatPart> {
  const stream = await sdkCall(signal, context, connect, 'connect');
  try {
    yield* read(stream);
  } catch (err) {
    throw signal.aborted ? err : await toProviderError(err, context('stream'));
  }
}

/**
 * Both SDKs end an iteration quietly when aborted or when the body stops early: an abort becomes the signal's
 * reason, a stream without its closing event a StreamError, so neither passes for a complete answer.
 */
export function checkStreamEnd(
  signal: AbortSignal,
  finished: boolean,
  where: { provider: ProviderKind; endpoint: string },
  detail: string,
): void {
  if (signal.aborted) throw signal.reason;
  if (!finished) throw new StreamError({ ...where, detail, partial: false });
}
