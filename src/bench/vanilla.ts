/**
 * The vanilla baseline: the question and the whole context in one prompt, one chat call, no REPL (minRLM's
 * "one-shot"). A prompt that cannot fit the model's window is not sent: that trial is 'exceeds-context', not
 * a wrong answer. Its events are the engine's own kinds, so a vanilla trial opens in the run view like any run.
 */
import { collectChat } from '../core/call';
import { errorMessage } from '../core/error-message';
import { promptDelta } from '../core/conversation';
import type { EventBody, RunEvent } from '../core/events';
import type { RunOutcome } from '../core/loop';
import { resolveSettings } from '../core/settings';
import type { ChatMessage, ChatProvider, Usage } from '../core/types';
import { addCall, emptyTotals, estimateTokens, messagesChars } from '../core/usage';
import { ModelWindows } from '../core/window';
import type { BenchConfig, BenchModel, TaskCase } from './types';

export interface VanillaDeps {
  provider: ChatProvider;
  price?(model: string, usage: Usage): number | null;
  emit(e: RunEvent): void;
  signal: AbortSignal;
  now(): number;
  newId(): string;
}

export type VanillaResult = { status: 'ran'; outcome: RunOutcome } | { status: 'exceeds-context'; message: string };

/** The one-shot prompt; the context sits between markers so the question cannot be mistaken for data. */
export function vanillaMessages(question: string, context: string): ChatMessage[] {
  const user = `Answer the question using the context below.\n\n<context>\n${context}\n</context>\n\nQuestion: ${question}\nGive only the answer.`;
  return [{ role: 'user', content: user }];
}

/** The saved record says what was sent without storing the context again (it can be megabytes, per trial). */
const elide = (m: ChatMessage[], context: string): ChatMessage[] =>
  m.map((x) => ({ ...x, content: x.content.replace(context, `[the context: ${context.length.toLocaleString('en-US')} characters, not stored with the trial]`) }));

export async function runVanilla(c: TaskCase, model: BenchModel, cfg: BenchConfig, deps: VanillaDeps): Promise<VanillaResult> {
  const s = resolveSettings(cfg.engine);
  const envelope = { runId: deps.newId(), parentCallId: null, depth: 0, turn: 0 };
  const emit = (b: EventBody) => deps.emit({ ...b, ...envelope } as RunEvent);
  const t0 = deps.now();
  const messages = vanillaMessages(c.question, c.context);
  const settings = {
    rootModel: model.model, subModel: model.model, rootEndpoint: deps.provider.endpoint, subEndpoint: deps.provider.endpoint,
    maxIterations: 1, maxOutputChars: s.maxOutputChars, blockTimeoutMs: s.blockTimeoutMs, subcallConcurrency: 0,
  };
  emit({ type: 'run-started', at: t0, question: c.question, context: null, settings });
  const tokens = estimateTokens(messagesChars(messages));
  const window = await new ModelWindows(deps.signal).window(deps.provider, model.model, s.numCtx);
  const usage = emptyTotals();
  const end = (status: RunOutcome['status'], answer: string | null, reason: RunOutcome['reason']): RunOutcome => {
    const at = deps.now();
    emit({ type: 'run-finished', at, status, reason, iterations: 1, wallMs: at - t0, usage, answer });
    return { status, reason, answer, via: answer === null ? null : 'forced', iterations: 1, usage, wallMs: at - t0 };
  };
  if (window !== null && tokens > window) {
    const message = `the prompt is ~${tokens.toLocaleString('en-US')} tokens; ${model.model}'s window is ${window.toLocaleString('en-US')} tokens`;
    emit({ type: 'notice', iteration: 1, at: deps.now(), message: `Not sent: ${message}.` });
    end('done', null, 'answered');
    return { status: 'exceeds-context', message };
  }
  emit({ type: 'iteration-started', iteration: 1, at: deps.now(), forced: false, prompt: promptDelta([], elide(messages, c.context)) });
  const t1 = deps.now();
  try {
    const r = await collectChat(deps.provider, messages, { model: model.model, signal: deps.signal, temperature: s.temperature, think: s.think, numCtx: s.numCtx });
    const cost = deps.price ? deps.price(model.model, r.usage) : null;
    addCall(usage, 'root', r.usage, cost);
    emit({ type: 'response', iteration: 1, at: deps.now(), durationMs: deps.now() - t1, cost, ...r });
    const answer = r.content.trim();
    emit({ type: 'final', iteration: 1, at: deps.now(), answer, via: 'forced' });
    return { status: 'ran', outcome: end('done', answer, 'answered') };
  } catch (e) {
    if (deps.signal.aborted) return { status: 'ran', outcome: end('stopped', null, 'stopped') };
    const message = errorMessage(e);
    // The window was unknown (or the estimate low) and the server said no: that is the same finding, not a failure.
    if ((e as { code?: unknown }).code === 'context_length') {
      emit({ type: 'notice', iteration: 1, at: deps.now(), message: `The server refused the prompt as too long: ${message}` });
      end('done', null, 'answered');
      return { status: 'exceeds-context', message: `the server refused the prompt as too long (~${tokens.toLocaleString('en-US')} tokens estimated): ${message}` };
    }
    emit({ type: 'error', at: deps.now(), message, where: `vanilla call (${model.model})`, iteration: 1 });
    return { status: 'ran', outcome: { ...end('error', null, 'error'), error: message } };
  }
}
