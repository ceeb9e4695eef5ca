import type { ChatMessage, ChatOptions, ChatProvider, Repl, Usage } from './types';
import type { EventBody, EventEnvelope, FinalSource, RunStatus, StopReason } from './events';
import type { StepGate } from './step';
import { promptDelta } from './conversation';
import { resolveSettings, type EngineSettings } from './settings';
import { Compactor, rootWindow } from './compaction';
import { buildInitialMessages, FORCED_ANSWER_PROMPT } from './prompts';
import { forcedAnswer, noAnswer, parseProseFinal, withoutCode } from './parse';
import { collectChat } from './call';
import { errorMessage } from './error-message';
import { addCall, emptyTotals } from './usage';
import { budgetStopPrompt, NO_MORE_CALLS } from './budget';
import { CHILD_QUESTION, newTree, withChildRepl, type RunTree } from './children';
import { NO_SUBCALLS_NOTE, recursionNote } from './recursion-prompt';
import { SubcallRouter, type ChildOutcome, type SubcallHost } from './subcalls';
import { runTurn, Stopped, type TurnHost } from './turn';
import { markEdits, replayParent } from './replay';
import { runStartedBody } from './run-start';
import type { RunDeps, RunInput, RunOutcome } from './run-types';

export type { RunDeps, RunInput, RunOutcome } from './run-types';

interface End {
  status: RunStatus;
  reason: StopReason;
  answer: string | null;
  via: FinalSource | null;
  error?: string;
  /** What ended a run cut short by a budget (see RunOutcome.why). */
  why?: string;
}

export async function runRlm(input: RunInput, deps: RunDeps): Promise<RunOutcome> {
  const forkDeps = input.resume ? { ...deps, emit: markEdits(deps.emit, input.resume) } : deps;
  return new Engine(input, forkDeps, null).run();
}

/** One run of the tree; a child run is another Engine sharing the parent's RunTree. */
class Engine implements SubcallHost, TurnHost {
  readonly settings: Required<EngineSettings>;
  readonly now: () => number;
  readonly newId: () => string;
  readonly totals = emptyTotals();
  readonly messages: ChatMessage[];
  readonly subModel: string;
  readonly rootModel: string;
  readonly signal: AbortSignal;
  readonly tree: RunTree;
  readonly router: SubcallRouter;
  readonly noSubcalls: boolean;
  private readonly envelope: EventEnvelope;
  private readonly owner: boolean;
  /** The last root call's conversation with its response, the base of the next call's prompt delta. */
  private sent: ChatMessage[] = [];
  /** The latest root response, for the partial answer of a budget that forbids another call. */
  private lastContent = '';
  private iterations = 0;
  private readonly compactor: Compactor;

  constructor(
    private readonly input: RunInput,
    private readonly deps: RunDeps,
    tree: RunTree | null,
  ) {
    this.settings = resolveSettings(input.settings);
    this.now = deps.now ?? (() => Date.now());
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
    this.rootModel = input.rootModel;
    this.subModel = input.subModel || input.rootModel;
    this.owner = !tree;
    this.tree = tree ?? newTree(this.settings, this.now, deps.signal);
    this.signal = deps.signal ? AbortSignal.any([deps.signal, this.tree.budget.signal]) : this.tree.budget.signal;
    const { runId = this.newId(), parentCallId = null, depth = 0, turn = 0 } = input;
    this.envelope = { runId, parentCallId, depth, turn };
    const { strategy, systemPrompt } = this.settings;
    const maxDepth = deps.spawnRepl ? this.settings.maxDepth : depth + 1;
    // A user's own system prompt is used verbatim; the default one says what rlm_query does at this depth.
    this.noSubcalls = input.noSubcalls === true;
    const extraSections = [this.noSubcalls ? NO_SUBCALLS_NOTE : recursionNote(maxDepth, depth)];
    this.messages = input.resume
      ? input.resume.messages.map((m) => ({ ...m }))
      : buildInitialMessages(input.question, input.context, this.settings.maxIterations, { strategy, systemPrompt, extraSections, session: input.session });
    if (input.resume) this.sent = input.resume.sent;
    this.router = new SubcallRouter(this);
    this.compactor = this.newCompactor();
  }

  get sub(): ChatProvider {
    return this.deps.sub;
  }

  get repl(): Repl {
    return this.deps.repl;
  }

  /** The deps' gate, told which run of the tree is asking. */
  get stepGate(): StepGate | undefined {
    const gate = this.deps.stepGate;
    const { runId, depth } = this.envelope;
    return gate && ((b, signal) => gate({ ...b, runId, depth }, signal));
  }

  emit(body: EventBody): void {
    this.deps.emit({ ...body, ...this.envelope });
  }

  async run(): Promise<RunOutcome> {
    const start = this.now();
    if (this.owner) this.tree.budget.start();
    this.emitStart();
    let end: End;
    try {
      end = await this.loop();
    } catch (e) {
      end = await this.onThrow(e);
    } finally {
      if (this.owner) this.tree.budget.dispose();
    }
    if (end.answer !== null && end.via) this.emit({ type: 'final', iteration: this.iterations, at: this.now(), answer: end.answer, via: end.via });
    const wallMs = this.now() - start;
    const { status, reason, answer, via, error, why } = end;
    this.emit({ type: 'run-finished', at: this.now(), status, reason, iterations: this.iterations, wallMs, usage: this.totals, answer });
    const messages = this.sent.length ? this.sent : this.messages.slice();
    return { status, reason, answer, via, iterations: this.iterations, usage: this.totals, wallMs, messages, ...(error ? { error } : {}), ...(why ? { why } : {}) };
  }

  private async loop(): Promise<End> {
    let failing = 0;
    const resume = this.input.resume;
    const first = resume ? await replayParent(this, resume, this.deps.decideMismatch) : 1;
    for (let iteration = first; iteration <= this.settings.maxIterations; iteration++) {
      const stop = this.treeStop();
      if (stop) return stop;
      this.iterations = iteration;
      const turn = await runTurn(this, iteration, this.messages);
      if (turn.final) return { status: 'done', reason: 'answered', answer: turn.final.answer, via: turn.final.via };
      this.messages.push({ role: 'assistant', content: turn.content }, { role: 'user', content: turn.feedback });
      failing = turn.failed ? failing + 1 : 0;
      const maxErrors = this.settings.maxErrors;
      if (maxErrors && maxErrors > 0 && failing >= maxErrors) return this.partial('errors', `${failing} iterations in a row had a failing block (limit ${maxErrors})`);
    }
    return this.treeStop() ?? this.partial('iterations', null);
  }

  /** A tripped tree budget ends this run too; one that allows a call gets a forced answer. */
  private treeStop(): Promise<End> | null {
    const budget = this.tree.budget;
    budget.checkWall();
    return budget.tripped ? this.partial(budget.tripped, budget.describe(budget.tripped)) : null;
  }

  /**
   * The best answer a run cut short can give: answer["content"] if set, else one forced call (not after
   * tokens, cost or wall time ran out, nor in a child a budget stopped, whose caller gets an error anyway:
   * then the last response's prose).
   */
  private async partial(reason: StopReason, why: string | null): Promise<End> {
    if (why) this.notice(this.iterations, `Run ended: ${why}.`);
    const ended = { status: 'done' as const, reason, ...(why ? { why } : {}) };
    const content = await this.answerContent();
    if (content !== null) return { ...ended, answer: content, via: 'answer' };
    if (NO_MORE_CALLS.has(reason) || (why && this.envelope.depth > 0)) {
      const prose = withoutCode(this.lastContent).replace(/\n{3,}/g, '\n\n').trim();
      return { ...ended, answer: prose || noAnswer(why, this.settings.maxIterations), via: 'forced' };
    }
    return { ...ended, answer: await this.forcedTurn(why), via: 'forced' };
  }

  /** answer["content"] if set; a REPL that cannot answer any more leaves the other fallbacks. */
  private answerContent(): Promise<string | null> {
    return Promise.resolve().then(() => this.deps.repl.getAnswerContent?.()).then((c) => c || null, () => null);
  }

  private async onThrow(e: unknown): Promise<End> {
    const wall = this.tree.budget.tripped === 'wall-time';
    if (this.tree.userSignal?.aborted || (!wall && (this.signal.aborted || e instanceof Stopped))) {
      return { status: 'stopped', reason: 'stopped', answer: null, via: null };
    }
    if (wall) return this.partial('wall-time', this.tree.budget.describe('wall-time'));
    this.emitError(e);
    return { status: 'error', reason: 'error', answer: null, via: null, error: errorMessage(e) };
  }

  private emitStart(): void {
    const { root, sub } = this.deps;
    const endpoints = { rootEndpoint: root.endpoint, subEndpoint: sub.endpoint };
    this.emit(runStartedBody(this.input, this.settings, { subModel: this.subModel, noSubcalls: this.noSubcalls, ...endpoints }, this.now()));
  }

  private emitError(e: unknown): void {
    const where = (e as { where?: string }).where ?? `iteration ${this.iterations}`;
    this.emit({ type: 'error', at: this.now(), message: errorMessage(e), where, iteration: this.iterations });
  }

  chatOptions(model: string, signal?: AbortSignal): ChatOptions {
    const s = this.settings;
    return { model, signal, temperature: s.temperature, think: s.think, numCtx: s.numCtx };
  }

  account(who: 'root' | 'sub', model: string, usage: Usage, iteration: number): number | null {
    const cost = this.deps.price ? this.deps.price(who, model, usage) : null;
    addCall(this.totals, who, usage, cost);
    const warning = this.tree.budget.spend(model, usage, cost);
    if (warning) this.notice(iteration, warning);
    return cost;
  }

  notice(iteration: number, message: string): void {
    this.emit({ type: 'notice', iteration, at: this.now(), message });
  }

  /** Announces a root call with exactly what it is about to be sent, so the conversation can be rebuilt. */
  private startIteration(iteration: number, forced: boolean, messages: ChatMessage[]): void {
    this.emit({ type: 'iteration-started', iteration, at: this.now(), forced, prompt: promptDelta(this.sent, messages) });
  }

  /** One root call, streamed into token events; failures say which call it was. */
  async rootCall(iteration: number, messages: ChatMessage[], forced = false) {
    if (this.signal.aborted) throw new Stopped('stopped');
    // The root history (not a forced call's copy, compacted before it was made) may be summarised first.
    if (messages === this.messages) await this.compactor.beforeCall(this.messages, iteration);
    this.startIteration(iteration, forced, messages);
    const t0 = this.now();
    const edited = this.takeEdited(iteration, forced, messages);
    if (edited) return edited;
    try {
      const r = await collectChat(this.deps.root, messages, this.chatOptions(this.input.rootModel, this.signal), (channel, text) =>
        this.emit({ type: 'token', iteration, channel, text }),
      );
      const cost = this.account('root', this.input.rootModel, r.usage, iteration);
      this.emit({ type: 'response', iteration, at: this.now(), durationMs: this.now() - t0, cost, ...r });
      this.sent = [...messages, { role: 'assistant', content: r.content }];
      this.lastContent = r.content;
      return r;
    } catch (e) {
      if (this.signal.aborted) throw new Stopped('stopped');
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), {
        where: `root model call (${this.input.rootModel}) in iteration ${iteration}`,
      });
    }
  }

  /** A fork's iteration k with edited blocks runs the recorded response (edited) instead of a new call. */
  private takeEdited(iteration: number, forced: boolean, messages: ChatMessage[]) {
    const resume = this.input.resume;
    const e = resume?.edited;
    if (!e || forced || iteration !== resume.forkOf.iteration || this.editedTaken) return null;
    this.editedTaken = true;
    const r = { content: e.content, thinking: e.thinking, usage: { inputTokens: 0, outputTokens: 0, estimated: false }, model: e.model };
    const edits = Object.keys(e.originals).join(', ');
    this.notice(iteration, `Iteration ${iteration} is the recorded response with block(s) ${edits} edited: no model call.`);
    this.emit({ type: 'response', iteration, at: this.now(), durationMs: 0, cost: 0, ...r });
    this.sent = [...messages, { role: 'assistant', content: r.content }];
    this.lastContent = r.content;
    return r;
  }

  private editedTaken = false;

  canRecurse(): boolean {
    return !!this.deps.spawnRepl && this.envelope.depth + 1 < this.settings.maxDepth;
  }

  runChild(prompt: string, model: string, callId: string, signal: AbortSignal): Promise<ChildOutcome> {
    const input: RunInput = {
      question: CHILD_QUESTION,
      context: null,
      rootModel: model,
      subModel: this.subModel,
      settings: this.settings,
      parentCallId: callId,
      depth: this.envelope.depth + 1,
      turn: 0,
    };
    return withChildRepl(this.deps.spawnRepl!, prompt, signal, (repl, context) =>
      new Engine({ ...input, context }, { ...this.deps, repl, signal }, this.tree).run(),
    );
  }

  /** One last root call without code; `why` is the budget that ended the run (null: the iterations ran out). */
  private async forcedTurn(why: string | null): Promise<string> {
    const prompt = why ? budgetStopPrompt(why) : FORCED_ANSWER_PROMPT;
    this.iterations++;
    await this.compactor.beforeCall(this.messages, this.iterations);
    const messages: ChatMessage[] = [...this.messages, { role: 'user', content: prompt }];
    const { content } = await this.rootCall(this.iterations, messages, true);
    const pf = parseProseFinal(content);
    const named = pf?.kind === 'FINAL_VAR' ? await this.deps.repl.getVar(pf.name) : null;
    return named ?? forcedAnswer(content, noAnswer(why, this.settings.maxIterations));
  }

  // ---- compaction (compaction.ts): the root history against the model's window ----
  private newCompactor(): Compactor {
    const { root, repl } = this.deps;
    const model = this.input.rootModel;
    const charge = (u: Usage) => this.account('root', model, u, this.iterations);
    const host = { root, repl, maxIterations: this.settings.maxIterations, now: this.now, charge, aborted: () => this.signal.aborted };
    const hooks = { chatOptions: () => this.chatOptions(model, this.signal), emit: (b: EventBody) => this.emit(b), notice: (i: number, m: string) => this.notice(i, m) };
    const window = rootWindow(root.kind, this.settings.numCtx, this.input.rootContextLength);
    return new Compactor({ ...host, ...hooks }, window, this.settings.compactAt);
  }
}
