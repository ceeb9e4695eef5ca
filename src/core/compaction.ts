import type { ChatMessage, ChatOptions, ChatProvider, ProviderKind, Repl, Usage } from './types';
import type { EventBody } from './events';
import { collectChat } from './call';
import { errorMessage } from './error-message';
import { turnNote } from './turn-note';
import { estimateTokens, messagesChars } from './usage';

/**
 * Compaction, as the official package: when the root history passes a share of the model's window,
 * the root model summarises its progress and the run continues from the summary, with the full
 * history kept in the REPL as `history`. Why at all: Ollama silently cuts a conversation longer
 * than num_ctx, and the model then answers on a cut history without knowing.
 */

export const COMPACTION_PROMPT = `Summarize your progress so far. Include:
1. Which steps or sub-tasks you have completed and which remain.
2. Every concrete intermediate result (numbers, values, variable names) you computed, exactly as it is.
3. What your next action should be.
Be concise (1 to 3 paragraphs), but keep all key results and where you are in the task. Do not write code.`;

/** A `history` entry: a message of the conversation, or the summary that replaced the ones before it. */
export type HistoryEntry = ChatMessage | { type: 'summary'; content: string };

export function historyTokens(messages: readonly ChatMessage[]): number {
  return estimateTokens(messagesChars(messages));
}

/** True when the history is at or past `threshold` of the window; a threshold of 0 (or less) turns compaction off. */
export function needsCompaction(messages: readonly ChatMessage[], window: number, threshold: number): boolean {
  if (!(threshold > 0) || !(window > 0)) return false;
  return historyTokens(messages) >= threshold * window;
}

/** The summarise request: the whole history, then the request. */
export function compactionMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return [...messages, { role: 'user', content: COMPACTION_PROMPT }];
}

export interface CompactedOptions {
  /** How many compactions so far, this one included. */
  count?: number;
  /** Whether the REPL holds the full history as `history`. */
  historyVar?: boolean;
  /** The turn count for the call that follows. */
  turn?: string;
}

/** What the run continues from: the system prompt and first message kept, then the summary. */
export function compactedHistory(system: ChatMessage, firstUser: ChatMessage, summary: string, opts: CompactedOptions = {}): ChatMessage[] {
  const { count = 1, historyVar = false, turn } = opts;
  const where = historyVar
    ? 'The full conversation before the summary is in the REPL variable `history` (a list of messages and summaries).'
    : 'The conversation before the summary is no longer available to you.';
  const note = [
    `Your conversation has been compacted ${count} time(s) to fit the model's context window. Continue from the summary above and do not repeat work you have already completed. Your REPL variables are all still there: SHOW_VARS() lists them. ${where}`,
    ...(turn ? [turn] : []),
  ].join('\n\n');
  return [system, firstUser, { role: 'assistant', content: summary }, { role: 'user', content: note }];
}

/**
 * The root model's window in tokens. Ollama keeps only num_ctx tokens whatever the model could
 * take, so there the smaller of the two counts; other servers ignore num_ctx.
 */
export function rootWindow(kind: ProviderKind, numCtx: number, contextLength?: number): number {
  if (kind === 'ollama') return contextLength ? Math.min(numCtx, contextLength) : numCtx;
  return contextLength ?? numCtx;
}

/** What the engine lends the compactor. */
export interface CompactionHost {
  root: ChatProvider;
  chatOptions(): ChatOptions;
  repl: Repl;
  maxIterations: number;
  emit(body: EventBody): void;
  notice(iteration: number, message: string): void;
  now(): number;
  /** Books the summary call in the run's usage and returns its cost (null when unknown). */
  charge(usage: Usage): number | null;
  aborted(): boolean;
}

/** Watches the root history across a run and compacts it in place before a root call when needed. */
export class Compactor {
  private count = 0;
  /** Messages at the start of the live history already in `archive` (system + first message, then + summary + note). */
  private kept = 0;
  private failed = false;
  private readonly archive: HistoryEntry[] = [];

  constructor(
    private readonly host: CompactionHost,
    readonly window: number,
    readonly threshold: number,
  ) {}

  /**
   * Before the root call of `iteration`: compacts `messages` in place when they pass the threshold.
   * The event is recorded on the iteration before, the last one whose history it summarised.
   */
  async beforeCall(messages: ChatMessage[], iteration: number): Promise<void> {
    // Nothing new since the last compaction (or since the start) means nothing to summarise.
    if (this.failed || iteration <= 1 || messages.length <= Math.max(2, this.kept)) return;
    if (!needsCompaction(messages, this.window, this.threshold)) return;
    const beforeTokens = historyTokens(messages);
    const t0 = this.host.now();
    const summary = await this.summarise(messages, iteration - 1);
    if (summary === null) return;
    this.archive.push(...messages.slice(this.kept), { type: 'summary', content: summary.content });
    this.count++;
    const historyVar = await this.publishHistory(iteration - 1);
    const turn = turnNote(iteration, this.host.maxIterations);
    messages.splice(0, messages.length, ...compactedHistory(messages[0], messages[1], summary.content, { count: this.count, historyVar, turn }));
    this.kept = messages.length;
    const afterTokens = historyTokens(messages);
    const at = this.host.now();
    const { usage, cost } = summary;
    this.host.emit({ type: 'compaction', iteration: iteration - 1, at, beforeTokens, afterTokens, window: this.window, summary: summary.content, usage, cost, durationMs: at - t0 });
    if (afterTokens >= this.threshold * this.window) {
      this.host.notice(iteration - 1, `Even compacted, the history is ${afterTokens.toLocaleString('en-US')} of the window's ${this.window.toLocaleString('en-US')} tokens: the system prompt and first message alone fill it. Raise the context window (num_ctx) or shorten the system prompt.`);
    }
  }

  private async summarise(messages: ChatMessage[], iteration: number) {
    try {
      const r = await collectChat(this.host.root, compactionMessages(messages), this.host.chatOptions());
      return { content: r.content.trim(), usage: r.usage, cost: this.host.charge(r.usage) };
    } catch (e) {
      if (this.host.aborted()) throw e;
      // One failure is enough: retrying before every later call would double the calls of a failing server.
      this.failed = true;
      this.host.notice(iteration, `Compaction failed (${errorMessage(e)}); the run goes on with the full history, which the server may cut.`);
      return null;
    }
  }

  private async publishHistory(iteration: number): Promise<boolean> {
    const { repl } = this.host;
    if (!repl.setVar) {
      this.host.notice(iteration, 'This REPL cannot hold variables set from outside: the full history is not available as `history` (it is in the trajectory).');
      return false;
    }
    try {
      await repl.setVar('history', this.archive);
      return true;
    } catch (e) {
      this.host.notice(iteration, `Could not set \`history\` in the REPL: ${errorMessage(e)}`);
      return false;
    }
  }
}
