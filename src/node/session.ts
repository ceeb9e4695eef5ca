/**
 * Questions on one persistent REPL, as the page's sessions (src/store/sessionSlice.ts): later questions see earlier
 * variables, turn n's root conversation is bound as `history_n`, contexts added later become `context_1`, `context_2`…
 */
import type { SessionInfo } from '../core/events';
import type { ChatMessage, ContextMeta } from '../core/types';
import type { SandboxClient } from '../sandbox/client';
import { contextSlots, type ContextInput } from './context';
import type { CompletionInput } from './rlm';
import { runQuestion, type CompletionResult, type TurnSetup } from './turn';

/** The last turn's `ready = True` would otherwise end this turn after its first block. */
const FRESH_ANSWER = 'answer = {"content": "", "ready": False}';

/** A loaded context and its slot: 0 is `context` (= `context_0`), n is `context_n`. */
export type SlotMeta = ContextMeta & { slot: number };

export interface SandboxLease {
  acquire(signal?: AbortSignal): Promise<SandboxClient>;
  release(sb: SandboxClient): Promise<void>;
}

export class RLMSession {
  private sb: SandboxClient | null = null;
  private runId: string | undefined;
  private turn = 0;
  private first: ContextMeta | null = null;
  /** Slot 0 was loaded (maybe empty): later contexts must not replace it, that would start a fresh namespace. */
  private slot0 = false;
  private readonly extra: ContextMeta[] = [];
  private closed = false;
  private tail: Promise<unknown> = Promise.resolve();

  private readonly setup: TurnSetup;

  constructor(setup: TurnSetup, private readonly lease: SandboxLease) {
    this.setup = { ...setup }; // a session's /model must not change the RLM's other sessions
  }

  /** Model names can change between turns (the chat's /model); each turn records its own. */
  setModel(model: string, subModel?: string): void {
    this.setup.model = model;
    if (subModel !== undefined) this.setup.subModel = subModel;
  }

  get turns(): number {
    return this.turn;
  }

  /** Contexts loaded so far: `context_0` (= `context`) first. */
  get contexts(): ContextMeta[] {
    return this.first ? [this.first, ...this.extra] : [...this.extra];
  }

  /** Adds contexts as the next `context_n` slots (the first call's first one becomes `context`). */
  addContext(input: ContextInput): Promise<SlotMeta[]> {
    return this.serial(() => this.load(input, undefined));
  }

  /** An earlier conversation (e.g. a chat client's previous turns), bound as the next `history_n` for the model to read. */
  addHistory(messages: ChatMessage[]): Promise<void> {
    return this.serial(async () => {
      const sb = await this.sandbox();
      if (!this.slot0) {
        await sb.loadContext(null);
        this.slot0 = true;
      }
      await sb.setVar(`history_${this.turn}`, messages);
      this.turn++;
    });
  }

  completion(input: CompletionInput): Promise<CompletionResult> {
    return this.serial(() => this.ask(input));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail.catch(() => undefined);
    const sb = this.sb;
    this.sb = null;
    if (sb) await this.lease.release(sb);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.tail.then(op);
    this.tail = p.catch(() => undefined);
    return p;
  }

  private async sandbox(signal?: AbortSignal): Promise<SandboxClient> {
    if (this.closed) throw new Error('This session was closed.');
    this.sb ??= await this.lease.acquire(signal);
    return this.sb;
  }

  private async load(input: ContextInput | undefined, signal: AbortSignal | undefined): Promise<SlotMeta[]> {
    const slots = contextSlots(input);
    const sb = await this.sandbox(signal);
    const metas: SlotMeta[] = [];
    for (const files of slots) {
      const slot = this.slot0 ? this.extra.length + 1 : 0;
      const meta = await sb.loadContext(files, { slot });
      this.slot0 = true;
      if (!meta) continue;
      if (slot === 0) this.first = meta;
      else this.extra.push(meta);
      metas.push({ ...meta, slot });
    }
    return metas;
  }

  private async ask(input: CompletionInput): Promise<CompletionResult> {
    const sb = await this.sandbox(input.signal);
    const blockTimeoutMs = this.setup.settings.blockTimeoutMs ?? 60_000;
    if (!this.slot0 && input.context === undefined) {
      await sb.loadContext(null);
      this.slot0 = true;
    }
    if (this.turn > 0) {
      const r = await sb.exec(FRESH_ANSWER, { timeoutMs: blockTimeoutMs, onSubcall: () => Promise.reject(new Error('no sub-calls here')) });
      if (!r.ok) throw new Error(`The session's REPL could not start the next turn: ${r.stderr.trim()}`);
    }
    await this.load(input.context, input.signal);
    const session: SessionInfo | undefined =
      this.turn > 0 || this.extra.length
        ? { contexts: 1 + this.extra.length, histories: this.turn, ...(this.extra.length ? { extraContexts: [...this.extra] } : {}) }
        : undefined;
    const { result, outcome } = await runQuestion(sb, this.setup, {
      question: input.prompt, context: this.first, turn: this.turn, runId: this.runId, session, signal: input.signal, onEvent: input.onEvent,
    });
    // Always bound, empty for a turn that failed before its first call: history_n stays turn n's.
    await sb.setVar(`history_${this.turn}`, outcome?.messages ?? []);
    this.runId ??= result.runId || undefined;
    this.turn++;
    return result;
  }
}
