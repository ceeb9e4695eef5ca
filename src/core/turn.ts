import type { ChatMessage, ExecResult, Repl } from './types';
import type { EventBody, FinalSource } from './events';
import type { EngineSettings } from './settings';
import type { CallResult } from './call';
import type { RunTree } from './children';
import type { SubcallRouter } from './subcalls';
import { extractCode, parseProseFinal } from './parse';
import { feedbackMessage, NO_CODE_NOTE } from './prompts';
import { decide, skippedResult, startedFields, type StepDecision, type StepGate } from './step';

/** One iteration of a run: a root call, its blocks in order, and what the model is told next. */

/** Thrown inside the engine when the run must unwind (Stop, or the wall-time abort), so every layer does it the same way. */
export class Stopped extends Error {}

export interface TurnOutcome {
  final: { answer: string; via: FinalSource } | null;
  feedback: string;
  content: string;
  /** Some block of this response failed (counts toward maxErrors). */
  failed: boolean;
}

export interface TurnHost {
  readonly settings: Required<EngineSettings>;
  readonly signal: AbortSignal;
  readonly tree: RunTree;
  readonly router: SubcallRouter;
  readonly repl: Repl;
  now(): number;
  emit(body: EventBody): void;
  notice(iteration: number, message: string): void;
  rootCall(iteration: number, messages: ChatMessage[]): Promise<CallResult>;
  /** Step mode (step.ts): asked before each block; absent = every block runs as written. */
  readonly stepGate?: StepGate;
}

export async function runTurn(h: TurnHost, iteration: number, messages: ChatMessage[]): Promise<TurnOutcome> {
  const { content } = await h.rootCall(iteration, messages);
  const blocks = extractCode(content);
  const notes: string[] = [];
  if (blocks.some((b) => b.lang === 'python')) h.notice(iteration, 'No ```repl block: ran the ```python blocks instead.');
  const results: ExecResult[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const r = await execBlock(h, iteration, i + 1, blocks[i].code, blocks[i].lang);
    results.push(r);
    const failed = results.some((x) => !x.ok);
    if (r.final) {
      if (i + 1 < blocks.length) h.notice(iteration, `Answered in block ${i + 1}; ${blocks.length - i - 1} later block(s) not run.`);
      return { final: { answer: r.final.value, via: r.final.via }, feedback: '', content, failed };
    }
    // A tripped budget ends the run after the block that tripped it: later blocks would only be refused.
    if (h.tree.budget.tripped) {
      if (i + 1 < blocks.length) h.notice(iteration, `Budget exhausted in block ${i + 1}; ${blocks.length - i - 1} later block(s) not run.`);
      return { final: null, feedback: feedback(h, results, notes, iteration), content, failed };
    }
  }
  const failed = results.some((r) => !r.ok);
  const prose = await proseFinal(h, iteration, content, results, notes);
  if (prose) return { final: prose, feedback: '', content, failed };
  if (!blocks.length) notes.push(NO_CODE_NOTE);
  return { final: null, feedback: feedback(h, results, notes, iteration), content, failed };
}

function feedback(h: TurnHost, results: ExecResult[], notes: string[], iteration: number): string {
  return feedbackMessage(results, h.settings.maxOutputChars, notes, iteration + 1, h.settings.maxIterations);
}

/** FINAL written outside code counts only when no code of the same response failed. */
async function proseFinal(h: TurnHost, iteration: number, content: string, results: ExecResult[], notes: string[]) {
  const pf = parseProseFinal(content);
  if (!pf) return null;
  if (results.some((r) => !r.ok)) {
    const msg = 'Your FINAL was not accepted: code in the same response raised an error. Read the output above and answer again.';
    notes.push(msg);
    h.notice(iteration, msg);
    return null;
  }
  if (pf.kind === 'FINAL') return { answer: pf.value, via: 'FINAL' as const };
  const value = await h.repl.getVar(pf.name);
  if (value === null) {
    const msg = `FINAL_VAR(${pf.name}): there is no variable named ${pf.name} in the REPL. Create it in a repl block first.`;
    notes.push(msg);
    h.notice(iteration, msg);
    return null;
  }
  return { answer: value, via: 'FINAL_VAR' as const };
}

async function execBlock(h: TurnHost, iteration: number, block: number, model: string, lang: 'repl' | 'python') {
  if (h.signal.aborted) throw new Stopped('stopped');
  const decision = await stepDecision(h, { iteration, block, code: model, lang });
  const started = startedFields(model, decision);
  h.emit({ type: 'code-started', iteration, block, at: h.now(), lang, ...started });
  if (decision.action === 'skip') {
    h.emit({ type: 'code-finished', iteration, block, at: h.now(), stdout: '', stderr: '', ok: true, durationMs: 0, variables: [], skipped: true });
    return skippedResult();
  }
  const r = await h.repl.exec(started.code, {
    timeoutMs: h.settings.blockTimeoutMs,
    signal: h.signal,
    onSubcall: (req, signal) => h.router.serve(iteration, block, req, signal),
  });
  const { stdout, stderr, ok, durationMs, variables, variableInfo, reset, timedOut } = r;
  const info = variableInfo ? { variableInfo } : {};
  h.emit({ type: 'code-finished', iteration, block, at: h.now(), ...{ stdout, stderr, ok, durationMs, variables, reset, timedOut }, ...info });
  if (h.signal.aborted) throw new Stopped('stopped');
  return r;
}

/** Asks the step gate, with the tree's wall clock held: the user's thinking time is no budget's. Abort while paused = Stop. */
async function stepDecision(h: TurnHost, b: { iteration: number; block: number; code: string; lang: 'repl' | 'python' }): Promise<StepDecision> {
  if (!h.stepGate) return { action: 'run', code: b.code };
  const resume = h.tree.budget.hold();
  try {
    return await decide(h.stepGate, b, h.signal);
  } catch (e) {
    if (h.signal.aborted) throw new Stopped('stopped');
    throw e;
  } finally {
    resume();
  }
}
