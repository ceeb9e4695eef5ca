import type { ChatMessage, ChatOptions, ChatProvider, ContextMeta, ExecResult, Repl, SubcallRequest, Usage } from './types';
import type { EventBody, EventEnvelope, FinalSource, RunEvent, RunStatus, UsageTotals } from './events';
import { promptDelta } from './conversation';
import { DEFAULT_COMPACT_AT, DEFAULT_SETTINGS, type EngineSettings } from './settings';
import { buildInitialMessages, feedbackMessage, FORCED_ANSWER_PROMPT, NO_CODE_NOTE } from './prompts';
import { extractCode, forcedAnswer, parseProseFinal } from './parse';
import { collectChat } from './call';
import { errorMessage } from './error-message';
import { addCall, emptyTotals } from './usage';
import { Semaphore } from './semaphore';
import { Compactor, rootWindow } from './compaction';

export interface RunInput {
  question: string;
  context: ContextMeta | null;
  rootModel: string;
  /** Model for llm_query; the root model when empty. */
  subModel?: string;
  /** The root model's window (ModelInfo.contextLength), for compaction; numCtx when unknown. */
  rootContextLength?: number;
  settings?: Partial<EngineSettings>;
  /** The envelope stamped on every event (see EventEnvelope); defaults: a new id, null, 0, 0. */
  runId?: string;
  parentCallId?: string | null;
  depth?: number;
  turn?: number;
}

export interface RunDeps {
  root: ChatProvider;
  /** Provider serving llm_query; may differ from the root's. */
  sub: ChatProvider;
  repl: Repl;
  emit: (event: RunEvent) => void;
  signal?: AbortSignal;
  now?: () => number;
  newId?: () => string;
  /** USD cost of one call, null when unknown; no pricing means every cost is unknown. */
  price?: (who: 'root' | 'sub', model: string, usage: Usage) => number | null;
}

export interface RunOutcome {
  status: RunStatus;
  answer: string | null;
  via: FinalSource | null;
  iterations: number;
  usage: UsageTotals;
  wallMs: number;
}

interface TurnOutcome {
  final: { answer: string; via: FinalSource } | null;
  feedback: string;
  content: string;
}

/** Thrown inside the engine when the user pressed Stop, so every layer unwinds the same way. */
class Stopped extends Error {}

export async function runRlm(input: RunInput, deps: RunDeps): Promise<RunOutcome> {
  return new Engine(input, deps).run();
}

class Engine {
  private readonly s: EngineSettings;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly totals = emptyTotals();
  private readonly messages: ChatMessage[];
  private readonly subModel: string;
  private readonly subcalls: Semaphore;
  private readonly envelope: EventEnvelope;
  /** The last root call's conversation with its response, the base of the next call's prompt delta. */
  private sent: ChatMessage[] = [];
  private readonly compactor: Compactor;

  constructor(
    private readonly input: RunInput,
    private readonly deps: RunDeps,
  ) {
    this.s = { ...DEFAULT_SETTINGS, ...input.settings };
    this.now = deps.now ?? (() => Date.now());
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
    this.subModel = input.subModel || input.rootModel;
    this.subcalls = new Semaphore(Math.max(1, this.s.subcallConcurrency));
    const { strategy, systemPrompt } = this.s;
    this.messages = buildInitialMessages(input.question, input.context, this.s.maxIterations, { strategy, systemPrompt });
    this.compactor = this.newCompactor();
    const { runId = this.newId(), parentCallId = null, depth = 0, turn = 0 } = input;
    this.envelope = { runId, parentCallId, depth, turn };
  }

  private emit(body: EventBody): void {
    this.deps.emit({ ...body, ...this.envelope });
  }

  /** Announces a root call with exactly what it is about to be sent, so the conversation can be rebuilt. */
  private startIteration(iteration: number, forced: boolean, messages: ChatMessage[]): void {
    this.emit({ type: 'iteration-started', iteration, at: this.now(), forced, prompt: promptDelta(this.sent, messages) });
  }

  async run(): Promise<RunOutcome> {
    const start = this.now();
    this.emitStart();
    let answer: string | null = null;
    let via: FinalSource | null = null;
    let status: RunStatus = 'done';
    let iteration = 0;
    try {
      for (iteration = 1; iteration <= this.s.maxIterations && answer === null; iteration++) {
        const turn = await this.turn(iteration);
        if (turn.final) ({ answer, via } = turn.final);
        else this.messages.push({ role: 'assistant', content: turn.content }, { role: 'user', content: turn.feedback });
      }
      iteration--;
      if (answer === null) {
        iteration++;
        answer = await this.forcedTurn(iteration);
        via = 'forced';
      }
      this.emit({ type: 'final', iteration, at: this.now(), answer, via: via! });
    } catch (e) {
      status = this.aborted() || e instanceof Stopped ? 'stopped' : 'error';
      if (status === 'error') this.emitError(e, iteration);
      answer = null;
      via = null;
    }
    const wallMs = this.now() - start;
    const iterations = Math.min(iteration, this.s.maxIterations + 1);
    this.emit({ type: 'run-finished', at: this.now(), status, iterations, wallMs, usage: this.totals, answer });
    return { status, answer, via, iterations, usage: this.totals, wallMs };
  }

  private emitStart(): void {
    const { root, sub } = this.deps;
    this.emit({
      type: 'run-started',
      at: this.now(),
      question: this.input.question,
      context: this.input.context,
      settings: {
        rootModel: this.input.rootModel,
        subModel: this.subModel,
        rootEndpoint: root.endpoint,
        subEndpoint: sub.endpoint,
        maxIterations: this.s.maxIterations,
        maxOutputChars: this.s.maxOutputChars,
        blockTimeoutMs: this.s.blockTimeoutMs,
        subcallConcurrency: this.s.subcallConcurrency,
      },
    });
  }

  private emitError(e: unknown, iteration: number): void {
    const where = (e as { where?: string }).where ?? `iteration ${iteration}`;
    this.emit({ type: 'error', at: this.now(), message: errorMessage(e), where, iteration });
  }

  private aborted(): boolean {
    return this.deps.signal?.aborted ?? false;
  }

  private checkStop(): void {
    if (this.aborted()) throw new Stopped('stopped');
  }

  private chatOptions(model: string, signal?: AbortSignal): ChatOptions {
    return { model, signal, temperature: this.s.temperature, think: this.s.think, numCtx: this.s.numCtx };
  }

  /** One root call, streamed into token events; failures say which call it was. */
  private async rootCall(iteration: number, messages: ChatMessage[]) {
    this.checkStop();
    const t0 = this.now();
    try {
      const r = await collectChat(
        this.deps.root,
        messages,
        this.chatOptions(this.input.rootModel, this.deps.signal),
        (channel, text) => this.emit({ type: 'token', iteration, channel, text }),
      );
      const cost = this.cost('root', this.input.rootModel, r.usage);
      addCall(this.totals, 'root', r.usage, cost);
      this.emit({ type: 'response', iteration, at: this.now(), durationMs: this.now() - t0, cost, ...r });
      this.sent = [...messages, { role: 'assistant', content: r.content }];
      return r;
    } catch (e) {
      if (this.aborted()) throw new Stopped('stopped');
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), {
        where: `root model call (${this.input.rootModel}) in iteration ${iteration}`,
      });
    }
  }

  private async turn(iteration: number): Promise<TurnOutcome> {
    await this.compactor.beforeCall(this.messages, iteration);
    this.startIteration(iteration, false, this.messages);
    const { content } = await this.rootCall(iteration, this.messages);
    const blocks = extractCode(content);
    const notes: string[] = [];
    if (blocks.some((b) => b.lang === 'python')) {
      this.notice(iteration, 'No ```repl block: ran the ```python blocks instead.');
    }
    const results: ExecResult[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const r = await this.execBlock(iteration, i + 1, blocks[i].code, blocks[i].lang);
      results.push(r);
      if (r.final) {
        if (i + 1 < blocks.length) this.notice(iteration, `Answered in block ${i + 1}; ${blocks.length - i - 1} later block(s) not run.`);
        return { final: { answer: r.final.value, via: r.final.via }, feedback: '', content };
      }
    }
    const prose = await this.proseFinal(iteration, content, results, notes);
    if (prose) return { final: prose, feedback: '', content };
    if (!blocks.length) notes.push(NO_CODE_NOTE);
    const feedback = feedbackMessage(results, this.s.maxOutputChars, notes, iteration + 1, this.s.maxIterations);
    return { final: null, feedback, content };
  }

  /** FINAL written outside code counts only when no code of the same response failed. */
  private async proseFinal(iteration: number, content: string, results: ExecResult[], notes: string[]) {
    const pf = parseProseFinal(content);
    if (!pf) return null;
    if (results.some((r) => !r.ok)) {
      const msg = 'Your FINAL was not accepted: code in the same response raised an error. Read the output above and answer again.';
      notes.push(msg);
      this.notice(iteration, msg);
      return null;
    }
    if (pf.kind === 'FINAL') return { answer: pf.value, via: 'FINAL' as const };
    const value = await this.deps.repl.getVar(pf.name);
    if (value === null) {
      const msg = `FINAL_VAR(${pf.name}): there is no variable named ${pf.name} in the REPL. Create it in a repl block first.`;
      notes.push(msg);
      this.notice(iteration, msg);
      return null;
    }
    return { answer: value, via: 'FINAL_VAR' as const };
  }

  private cost(who: 'root' | 'sub', model: string, usage: Usage): number | null {
    return this.deps.price ? this.deps.price(who, model, usage) : null;
  }

  private notice(iteration: number, message: string): void {
    this.emit({ type: 'notice', iteration, at: this.now(), message });
  }

  private async execBlock(iteration: number, block: number, code: string, lang: 'repl' | 'python') {
    this.checkStop();
    this.emit({ type: 'code-started', iteration, block, at: this.now(), code, lang });
    const r = await this.deps.repl.exec(code, {
      timeoutMs: this.s.blockTimeoutMs,
      signal: this.deps.signal,
      onSubcall: (req, signal) => this.subcall(iteration, block, req, signal),
    });
    const { stdout, stderr, ok, durationMs, variables, reset, timedOut } = r;
    this.emit({
      type: 'code-finished',
      iteration,
      block,
      at: this.now(),
      ...{ stdout, stderr, ok, durationMs, variables, reset, timedOut },
    });
    this.checkStop();
    return r;
  }

  /** Serves one llm_query. Errors become an "Error: …" answer the code can see; a stop rejects. */
  private subcall(iteration: number, block: number, req: SubcallRequest, signal: AbortSignal): Promise<string> {
    return this.subcalls.run(async () => {
      const id = this.newId();
      const model = req.model || this.subModel;
      const t0 = this.now();
      this.emit({ type: 'subcall-started', id, iteration, block, at: t0, prompt: req.prompt, model });
      const both = this.deps.signal ? AbortSignal.any([signal, this.deps.signal]) : signal;
      try {
        const r = await collectChat(this.deps.sub, [{ role: 'user', content: req.prompt }], this.chatOptions(model, both));
        const cost = this.cost('sub', model, r.usage);
        addCall(this.totals, 'sub', r.usage, cost);
        const at = this.now();
        this.emit({ type: 'subcall-finished', id, at, response: r.content, usage: r.usage, cost, durationMs: at - t0 });
        return r.content;
      } catch (e) {
        const at = this.now();
        const error = both.aborted ? 'cancelled' : errorMessage(e);
        const usage = { inputTokens: 0, outputTokens: 0, estimated: false };
        this.emit({ type: 'subcall-finished', id, at, response: '', usage, cost: 0, durationMs: at - t0, error });
        if (both.aborted) throw e;
        return `Error: ${error}`;
      }
    });
  }

  private async forcedTurn(iteration: number): Promise<string> {
    await this.compactor.beforeCall(this.messages, iteration);
    const messages: ChatMessage[] = [...this.messages, { role: 'user', content: FORCED_ANSWER_PROMPT }];
    this.startIteration(iteration, true, messages);
    const { content } = await this.rootCall(iteration, messages);
    const pf = parseProseFinal(content);
    const named = pf?.kind === 'FINAL_VAR' ? await this.deps.repl.getVar(pf.name) : null;
    return named ?? forcedAnswer(content, this.s.maxIterations);
  }

  // ---- compaction (compaction.ts): the root history against the model's window ----
  private newCompactor(): Compactor {
    const { root, repl } = this.deps;
    const model = this.input.rootModel;
    const charge = (u: Usage) => {
      const cost = this.cost('root', model, u);
      addCall(this.totals, 'root', u, cost);
      return cost;
    };
    const host = { root, repl, maxIterations: this.s.maxIterations, now: this.now, charge, aborted: () => this.aborted() };
    const hooks = { chatOptions: () => this.chatOptions(model, this.deps.signal), emit: (b: EventBody) => this.emit(b), notice: (i: number, m: string) => this.notice(i, m) };
    const window = rootWindow(root.kind, this.s.numCtx, this.input.rootContextLength);
    return new Compactor({ ...host, ...hooks }, window, this.s.compactAt ?? DEFAULT_COMPACT_AT);
  }
}
