import type { ExecResult, Repl, SubcallRequest, Usage } from './types';
import type { EventBody, RunEvent } from './events';
import type { EngineSettings } from './settings';
import type { RecordedBlock, RecordedCall, ResumePoint } from './fork';
import { Stopped } from './turn';

/**
 * A fork's replay of its parent's iterations 1…k-1 (see fork.ts): each recorded response is
 * emitted again (marked `replayed`, no model call, no cost), each block re-runs with the code
 * that ran, its llm_query / rlm_query calls answered from the record. A block whose output
 * differs from the record is a mismatch: reported, and the user decides whether to go on.
 */

export interface ReplayMismatch {
  iteration: number;
  block: number;
  code: string;
  recorded: { stdout: string; stderr: string };
  replayed: { stdout: string; stderr: string };
  /** What else differed: sub-calls asked differently, more or fewer of them. */
  issues: string[];
}

export type ReplayDecision = 'continue' | 'stop';

/** Asks the user whether a fork whose replay differed from the record should go on. */
export type DecideMismatch = (m: ReplayMismatch, signal: AbortSignal) => Promise<ReplayDecision>;

export interface ReplayHost {
  readonly settings: Required<EngineSettings>;
  readonly repl: Repl;
  readonly signal: AbortSignal;
  now(): number;
  newId(): string;
  emit(body: EventBody): void;
  notice(iteration: number, message: string): void;
}

const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, estimated: false };

/** Replays the parent's iterations before the fork point; resolves with the iteration the live loop starts at. */
export async function replayParent(h: ReplayHost, point: ResumePoint, decide?: DecideMismatch): Promise<number> {
  for (const it of point.replay) {
    if (h.signal.aborted) throw new Stopped('stopped');
    const { iteration } = it;
    h.emit({ type: 'iteration-started', iteration, at: h.now(), forced: it.forced, ...(it.prompt ? { prompt: it.prompt } : {}), replayed: true });
    h.emit({ type: 'response', iteration, at: h.now(), content: it.content, thinking: it.thinking, usage: NO_USAGE, cost: 0, model: it.model, durationMs: 0 });
    for (const b of it.blocks) {
      const m = await replayBlock(h, iteration, b);
      if (!m) continue;
      h.notice(iteration, describeMismatch(m));
      if (decide && (await decide(m, h.signal)) === 'stop') throw new Stopped('stopped');
    }
  }
  const k = point.forkOf.iteration;
  h.notice(k, `Forked from run ${point.forkOf.runId} at iteration ${k}: ${point.replay.length} iteration(s) replayed from the record, no model calls.`);
  return k;
}

async function replayBlock(h: ReplayHost, iteration: number, b: RecordedBlock): Promise<ReplayMismatch | null> {
  const { block, code, lang } = b;
  h.emit({ type: 'code-started', iteration, block, at: h.now(), code, lang });
  const answers = new RecordedAnswers(h, iteration, block, b.calls);
  const r: ExecResult = await h.repl.exec(code, { timeoutMs: h.settings.blockTimeoutMs, signal: h.signal, onSubcall: (req) => answers.serve(req) });
  const { stdout, stderr, ok, durationMs, variables, variableInfo, reset, timedOut } = r;
  const info = variableInfo ? { variableInfo } : {};
  h.emit({ type: 'code-finished', iteration, block, at: h.now(), ...{ stdout, stderr, ok, durationMs, variables, reset, timedOut }, ...info });
  if (h.signal.aborted) throw new Stopped('stopped');
  const issues = answers.issues();
  const same = sameOut(b.stdout, stdout) && sameErr(b.stderr, stderr);
  return same && !issues.length ? null : { iteration, block, code, recorded: { stdout: b.stdout, stderr: b.stderr }, replayed: { stdout, stderr }, issues };
}

const norm = (s: string) => s.replace(/\r\n/g, '\n').trimEnd();
const sameOut = (a: string, b: string) => norm(a) === norm(b);
/** Tracebacks differ in their frames between Python builds (the official REPL vs Pyodide): the exception line is what must agree. */
const lastLine = (s: string) => norm(s).split('\n').filter((l) => l.trim()).at(-1) ?? '';
const sameErr = (a: string, b: string) => lastLine(a) === lastLine(b);

/**
 * Serves a replayed block's sub-calls from the record: the recorded call with the same prompt
 * if there is one (batched calls may arrive in any order), else the next unused one.
 */
class RecordedAnswers {
  private readonly used = new Set<number>();
  private readonly problems: string[] = [];
  private asked = 0;

  constructor(
    private readonly h: ReplayHost,
    private readonly iteration: number,
    private readonly block: number,
    private readonly calls: RecordedCall[],
  ) {}

  async serve(req: SubcallRequest): Promise<string> {
    const n = ++this.asked;
    const free = (i: number) => !this.used.has(i);
    let i = this.calls.findIndex((c, j) => free(j) && c.prompt === req.prompt);
    if (i < 0) {
      i = this.calls.findIndex((_, j) => free(j));
      if (i >= 0) this.problems.push(`sub-call ${n} was asked a different prompt than recorded`);
    }
    const rec = i >= 0 ? this.calls[i] : undefined;
    if (i >= 0) this.used.add(i);
    const id = this.h.newId();
    const at = this.h.now();
    const { iteration, block } = this;
    const kind = rec?.kind ?? req.kind;
    this.h.emit({ type: 'subcall-started', id, iteration, block, at, prompt: req.prompt, model: rec?.model ?? req.model ?? '', ...(kind ? { kind } : {}) });
    const error = rec ? rec.error : 'the record has no answer for this call (the replay asked more than the parent did)';
    if (!rec) this.problems.push(`sub-call ${n} has no recorded answer`);
    this.h.emit({ type: 'subcall-finished', id, at, response: rec?.response ?? '', usage: NO_USAGE, cost: 0, durationMs: 0, ...(error ? { error } : {}) });
    return error ? `Error: ${error}` : rec!.response;
  }

  issues(): string[] {
    const unused = this.calls.length - this.used.size;
    return unused > 0 ? [...this.problems, `${unused} recorded sub-call(s) were not asked again`] : this.problems;
  }
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

export function describeMismatch(m: ReplayMismatch): string {
  const out = (o: { stdout: string; stderr: string }) => JSON.stringify(clip(norm(o.stdout) || lastLine(o.stderr) || '(nothing)'));
  const extra = m.issues.length ? ` (${m.issues.join('; ')})` : '';
  return `Replay mismatch in iteration ${m.iteration}, block ${m.block}: the record has ${out(m.recorded)}, the replay printed ${out(m.replayed)}${extra}.`;
}

/** Marks iteration k's edited blocks on their code-started events (`original`: the model's code). */
export function markEdits(emit: (e: RunEvent) => void, point: ResumePoint): (e: RunEvent) => void {
  const originals = point.edited?.originals;
  if (!originals) return emit;
  const k = point.forkOf.iteration;
  return (e) => {
    if (e.type !== 'code-started' || e.depth !== 0 || e.iteration !== k || e.original !== undefined || !(e.block in originals)) return emit(e);
    emit({ ...e, original: originals[e.block] });
  };
}
