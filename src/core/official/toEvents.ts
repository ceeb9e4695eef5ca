import type { ContextMeta, Usage } from '../types';
import { reasonFrom } from '../migrate';
import type { EventBody, EventEnvelope, FinalSource, PromptMessage, RunEvent, RunSettingsPublic } from '../events';
import { promptDelta } from '../conversation';
import { addCall, emptyTotals, estimateTokens } from '../usage';
import type { JsonValue, OfficialCall, OfficialCompletion, OfficialIteration, OfficialLog, OfficialMetadata, OfficialPrompt } from './types';

/**
 * An official rlm log as our event stream: completions become turns of one run, child
 * trajectories under `rlm_calls[].metadata` child runs of the call (depth + 1), every
 * call a sub-call, the forced default-answer record a forced iteration.
 *
 * The log records durations, not start times, so times are rebuilt: an iteration ends
 * at its `timestamp` (when it has one) and lasts `iteration_time`; blocks run one after
 * another inside it; the root call takes what is left. The log does not say which calls
 * of a block ran at once: calls whose durations add up to more than their block's run
 * must have overlapped, so they are all started with the block; otherwise one after
 * another. The log has no per-iteration token counts: those are estimated (chars / 4,
 * marked `estimated`) with no price; calls keep the usage the package reported.
 */

/** Text of a free-form JSON value as a person would read it. */
export function jsonText(x: JsonValue): string {
  return typeof x === 'string' ? x : JSON.stringify(x);
}

export function promptMessages(p: OfficialPrompt): PromptMessage[] {
  if (typeof p === 'string') return [{ role: 'user', content: p }];
  if (Array.isArray(p)) return p.map((m) => ({ role: m.role, content: jsonText(m.content) }));
  return [{ role: 'user', content: JSON.stringify(p) }];
}

function promptText(p: OfficialPrompt): string {
  if (typeof p === 'string') return p;
  return promptMessages(p).map((m) => `[${m.role}] ${m.content}`).join('\n\n');
}

/**
 * What an iteration was sent. Child trajectories share one message list, so each of their
 * records holds the child's final history: cut it where this iteration's own reply begins.
 */
function sentMessages(it: OfficialIteration): PromptMessage[] | null {
  if (it.prompt === undefined) return null;
  const all = promptMessages(it.prompt);
  const own = all.findIndex((m) => m.role === 'assistant' && m.content === it.response);
  return own < 0 ? all : all.slice(0, own);
}

function callUsage(c: OfficialCall): { usage: Usage; cost: number | null } {
  const models = Object.values(c.usage?.models ?? {});
  if (!c.usage || !models.length) {
    const usage = { inputTokens: estimateTokens(promptText(c.prompt).length), outputTokens: estimateTokens(jsonText(c.response).length), estimated: true };
    return { usage, cost: null };
  }
  const usage = { inputTokens: 0, outputTokens: 0, estimated: false };
  for (const m of models) {
    usage.inputTokens += m.inputTokens;
    usage.outputTokens += m.outputTokens;
  }
  const cost = c.usage.totalCost ?? (models.every((m) => m.cost !== undefined) ? models.reduce((n, m) => n + m.cost!, 0) : null);
  return { usage, cost };
}

/** The question, as the package's prompts phrase it (current and pre-2026 wording). */
function questionOf(c: OfficialCompletion): string | null {
  const first = c.iterations[0]?.prompt;
  const text = first === undefined ? '' : promptMessages(first).filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const current = /Answer the following: ([\s\S]*?)(?:\n\n|$)/.exec(text);
  const legacy = /original prompt: "([\s\S]*?)"\./.exec(text);
  return current?.[1] ?? legacy?.[1] ?? null;
}

/** What the first block saw as `context`, described the way our context loader would. */
function contextOf(c: OfficialCompletion): ContextMeta | null {
  const locals = c.iterations.find((it) => it.codeBlocks.length)?.codeBlocks[0]?.locals;
  const value = locals?.context;
  if (value === undefined) return null;
  const text = jsonText(value);
  const pyType = typeof value === 'string' ? 'str' : Array.isArray(value) ? 'list' : value !== null && typeof value === 'object' ? 'dict' : typeof value;
  return {
    name: 'context_0',
    pyType,
    totalChars: text.length,
    lines: text.split('\n').length,
    bytes: new TextEncoder().encode(text).length,
    head: text.slice(0, 500),
    tail: text.length > 500 ? text.slice(-300) : '',
    warnings: [],
  };
}

export interface OfficialImportOptions {
  /** The root run's id; by default derived from the log's content, so importing a file twice gives one run. */
  runId?: string;
}

export function officialToEvents(log: OfficialLog, opts: OfficialImportOptions = {}): RunEvent[] {
  const b = new Builder(log.metadata);
  const runId = opts.runId ?? `official-${hashLog(log)}`;
  log.completions.forEach((c, turn) => b.run(c, { runId, parentCallId: null, depth: 0, turn }, log.metadata, questionOf(c)));
  return b.out;
}

/** FNV-1a over what identifies a log (metadata, each completion's start and answer): cheap on a 10 MB file. */
function hashLog(log: OfficialLog): string {
  const key = JSON.stringify([log.metadata ?? null, log.completions.map((c) => [c.iterations[0]?.timestamp, c.iterations[0]?.response.slice(0, 500), c.finalAnswer])]);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const ms = (seconds: number | null | undefined) => Math.max(0, (seconds ?? 0) * 1000);

class Builder {
  readonly out: RunEvent[] = [];
  private clock = 0;

  constructor(metadata: OfficialMetadata | undefined) {
    const start = Date.parse(metadata?.timestamp ?? '');
    if (Number.isFinite(start)) this.clock = start;
  }

  run(c: OfficialCompletion, env: EventEnvelope, meta: OfficialMetadata | undefined, question: string | null): void {
    const emit = (body: EventBody) => this.out.push({ ...body, ...env });
    const totals = emptyTotals();
    const startedAt = this.startOf(c.iterations[0]);
    const settings = settingsOf(meta, c);
    emit({ type: 'run-started', at: startedAt, question: question ?? '(the log does not record the question)', context: contextOf(c), settings });
    let sent: PromptMessage[] = [];
    for (const it of c.iterations) sent = this.iteration(it, env, emit, totals, sent, settings.rootModel);
    const last = c.iterations.at(-1);
    if (c.finalAnswer !== null && last) emit({ type: 'final', iteration: last.index, at: this.clock, answer: c.finalAnswer, via: viaOf(last) });
    const status = c.finalAnswer !== null ? 'done' : 'stopped';
    const reason = reasonFrom(status, c.finalAnswer !== null && last ? viaOf(last) : undefined);
    emit({ type: 'run-finished', at: this.clock, status, reason, iterations: c.iterations.length, wallMs: this.clock - startedAt, usage: totals, answer: c.finalAnswer });
  }

  /** Start of an iteration: its end time less its duration, never before what came earlier. */
  private startOf(it: OfficialIteration | undefined): number {
    const end = Date.parse(it?.timestamp ?? '');
    if (Number.isFinite(end)) this.clock = Math.max(this.clock, end - ms(it?.iterationTime));
    return this.clock;
  }

  private iteration(it: OfficialIteration, env: EventEnvelope, emit: (b: EventBody) => void, totals: ReturnType<typeof emptyTotals>, sent: PromptMessage[], model: string) {
    const iteration = it.index;
    const at = this.startOf(it);
    const messages = sentMessages(it);
    emit({ type: 'iteration-started', iteration, at, forced: it.forcedDefault, ...(messages ? { prompt: promptDelta(sent, messages) } : {}) });
    const blocksMs = it.codeBlocks.reduce((n, bl) => n + ms(bl.executionTime), 0);
    const callMs = Math.max(0, ms(it.iterationTime) - blocksMs);
    const inputChars = (messages ?? []).reduce((n, m) => n + m.content.length, 0);
    const usage = { inputTokens: Math.ceil(inputChars / 4), outputTokens: estimateTokens(it.response.length), estimated: true };
    addCall(totals, 'root', usage, null);
    this.clock = at + callMs;
    emit({ type: 'response', iteration, at: this.clock, content: it.response, thinking: '', usage, cost: null, model, durationMs: callMs });
    it.codeBlocks.forEach((bl, i) => this.block(bl, iteration, i + 1, env, emit, totals));
    return [...(messages ?? sent), { role: 'assistant', content: it.response }];
  }

  private block(bl: OfficialIteration['codeBlocks'][number], iteration: number, block: number, env: EventEnvelope, emit: (b: EventBody) => void, totals: ReturnType<typeof emptyTotals>) {
    const start = this.clock;
    const durationMs = ms(bl.executionTime);
    emit({ type: 'code-started', iteration, block, at: start, code: bl.code, lang: 'repl' });
    const concurrent = bl.calls.reduce((n, c) => n + ms(c.executionTime), 0) > durationMs;
    bl.calls.forEach((call, k) => {
      const id = `${env.runId}/t${env.turn}/i${iteration}/b${block}/c${k + 1}`;
      this.call(call, id, iteration, block, env, emit, totals, concurrent ? start : this.clock);
    });
    this.clock = Math.max(this.clock, start + durationMs);
    const ok = bl.stderr.trim() === '';
    const variables = Object.keys(bl.locals);
    emit({ type: 'code-finished', iteration, block, at: this.clock, stdout: bl.stdout, stderr: bl.stderr, ok, durationMs, variables });
  }

  private call(c: OfficialCall, id: string, iteration: number, block: number, env: EventEnvelope, emit: (b: EventBody) => void, totals: ReturnType<typeof emptyTotals>, at: number) {
    // Only a failed batch slot carries `error` in the package's logs (a failed child is an "Error: …" response).
    const tags = { ...(c.child ? { kind: 'rlm' as const } : {}), ...(c.error !== undefined ? { batched: true as const } : {}) };
    emit({ type: 'subcall-started', id, iteration, block, at, prompt: promptText(c.prompt), model: c.model, ...tags });
    const durationMs = ms(c.executionTime);
    if (c.child) {
      const saved = this.clock;
      this.clock = at;
      const child = { runId: `${id}/run`, parentCallId: id, depth: env.depth + 1, turn: 0 };
      this.run(c.child, child, c.child.runMetadata, promptText(c.prompt));
      this.clock = saved;
    }
    const { usage, cost } = callUsage(c);
    addCall(totals, 'sub', usage, cost);
    const end = at + durationMs;
    emit({ type: 'subcall-finished', id, at: end, response: jsonText(c.response), usage, cost, durationMs, ...(c.error ? { error: c.error } : {}) });
    this.clock = Math.max(this.clock, end);
  }
}

function viaOf(it: OfficialIteration): FinalSource {
  if (it.forcedDefault) return 'forced';
  if (it.codeBlocks.some((b) => typeof b.finalAnswer === 'string')) return 'answer';
  return it.legacyFinal?.marker === 'FINAL_VAR' ? 'FINAL_VAR' : 'FINAL';
}

function settingsOf(meta: OfficialMetadata | undefined, c: OfficialCompletion): RunSettingsPublic {
  const rootModel = meta?.rootModel ?? 'unknown';
  const firstCall = c.iterations.flatMap((it) => it.codeBlocks.flatMap((b) => b.calls))[0];
  const endpoint = `official rlm log${meta?.backend ? ` (${meta.backend})` : ''}`;
  // 0: the official logger does not record these.
  return { rootModel, subModel: firstCall?.model ?? rootModel, rootEndpoint: endpoint, subEndpoint: endpoint, maxIterations: meta?.maxIterations ?? c.iterations.length, maxOutputChars: 0, blockTimeoutMs: 0, subcallConcurrency: 0, ...(meta?.maxDepth !== undefined ? { maxDepth: meta.maxDepth } : {}) };
}
