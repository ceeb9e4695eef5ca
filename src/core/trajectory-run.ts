import type { EventOf, RunEvent } from './events';
import { reasonFrom } from './migrate';
import type { BlockView, IterationView, RunNode, TurnView } from './trajectory';

/** The fold of one run's own events (trajectory.ts routes each event to its run). */

function updateTurn(run: RunNode, turn: number, f: (tn: TurnView) => TurnView): RunNode {
  const idx = run.turns.findLastIndex((tn) => tn.turn === turn);
  if (idx < 0) return run;
  const turns = run.turns.slice();
  turns[idx] = f(turns[idx]);
  return { ...run, turns };
}

function updateIteration(run: RunNode, turn: number, n: number, f: (it: IterationView) => IterationView): RunNode {
  return updateTurn(run, turn, (tn) => {
    // Events nearly always concern the newest iteration: search from the end.
    const idx = tn.iterations.findLastIndex((it) => it.iteration === n);
    if (idx < 0) return tn;
    const iterations = tn.iterations.slice();
    iterations[idx] = f(iterations[idx]);
    return { ...tn, iterations };
  });
}

function updateBlock(run: RunNode, turn: number, n: number, b: number, f: (bl: BlockView) => BlockView): RunNode {
  return updateIteration(run, turn, n, (it) => ({ ...it, blocks: it.blocks.map((bl) => (bl.block === b ? f(bl) : bl)) }));
}

function newTurn(e: EventOf<'run-started'>): TurnView {
  const tn: TurnView = { turn: e.turn, question: e.question, context: e.context, settings: e.settings, startedAt: e.at, status: 'running', iterations: [] };
  if (e.session) tn.session = e.session;
  return tn;
}

export function startRun(e: EventOf<'run-started'>): RunNode {
  const { runId, parentCallId, depth, settings } = e;
  return { runId, parentCallId, depth, settings, startedAt: e.at, lastAt: e.at, turns: [newTurn(e)] };
}

function newIteration(e: EventOf<'iteration-started'>): IterationView {
  const it: IterationView = { iteration: e.iteration, turn: e.turn, forced: e.forced, startedAt: e.at, content: '', thinking: '', blocks: [], notices: [] };
  if (e.prompt) it.prompt = e.prompt;
  if (e.replayed) it.replayed = true;
  return it;
}

function onCode(run: RunNode, e: EventOf<'code-started' | 'code-finished'>): RunNode {
  if (e.type === 'code-started') {
    const block: BlockView = { block: e.block, code: e.code, lang: e.lang, startedAt: e.at, status: 'running', subcalls: [] };
    if (e.original !== undefined) block.original = e.original;
    if (e.skipped) block.skipped = true;
    return updateIteration(run, e.turn, e.iteration, (it) => ({ ...it, blocks: [...it.blocks, block] }));
  }
  const { stdout, stderr, ok, durationMs, variables, variableInfo, reset, timedOut } = e;
  const done = { stdout, stderr, ok, durationMs, variables, reset, timedOut, ...(variableInfo ? { variableInfo } : {}) };
  return updateBlock(run, e.turn, e.iteration, e.block, (bl) => ({ ...bl, status: 'done', ...done }));
}

function onResponse(run: RunNode, e: EventOf<'token' | 'response'>): RunNode {
  if (e.type === 'token') {
    const key = e.channel === 'content' ? 'content' : 'thinking';
    return updateIteration(run, e.turn, e.iteration, (it) => ({ ...it, [key]: it[key] + e.text }));
  }
  const { content, thinking, usage, cost, model, durationMs } = e;
  return updateIteration(run, e.turn, e.iteration, (it) => ({ ...it, content, thinking, usage, cost, model, durationMs }));
}

function onTurnEnd(run: RunNode, e: EventOf<'final' | 'error' | 'run-finished'>): RunNode {
  return updateTurn(run, e.turn, (tn) => {
    if (e.type === 'final') return { ...tn, final: { answer: e.answer, via: e.via, iteration: e.iteration } };
    if (e.type === 'error') return { ...tn, error: { message: e.message, where: e.where, iteration: e.iteration } };
    const reason = e.reason ?? reasonFrom(e.status, tn.final?.via);
    return { ...tn, status: e.status, finished: { wallMs: e.wallMs, usage: e.usage, iterations: e.iterations, reason } };
  });
}

function apply(run: RunNode, e: RunEvent): RunNode {
  switch (e.type) {
    case 'run-started':
      // A session's next question on the same REPL; a repeated turn is ignored rather than duplicated.
      return run.turns.some((tn) => tn.turn === e.turn) ? run : { ...run, turns: [...run.turns, newTurn(e)] };
    case 'iteration-started':
      return updateTurn(run, e.turn, (tn) => ({ ...tn, iterations: [...tn.iterations, newIteration(e)] }));
    case 'token':
    case 'response':
      return onResponse(run, e);
    case 'code-started':
    case 'code-finished':
      return onCode(run, e);
    case 'subcall-started':
      return updateBlock(run, e.turn, e.iteration, e.block, (bl) => ({ ...bl, subcalls: [...bl.subcalls, e.id] }));
    case 'subcall-finished':
      return run;
    case 'notice':
      return updateIteration(run, e.turn, e.iteration, (it) => ({ ...it, notices: [...it.notices, e.message] }));
    case 'compaction': {
      const { at, beforeTokens, afterTokens, window, summary, usage, cost, durationMs } = e;
      const compaction = { at, beforeTokens, afterTokens, window, summary, usage, cost, durationMs };
      return updateIteration(run, e.turn, e.iteration, (it) => ({ ...it, compaction }));
    }
    case 'final':
    case 'error':
    case 'run-finished':
      return onTurnEnd(run, e);
  }
}

export function reduceRun(run: RunNode, e: RunEvent): RunNode {
  const next = apply(run, e);
  if (!('at' in e) || e.at <= next.lastAt) return next;
  return { ...next, lastAt: e.at };
}
