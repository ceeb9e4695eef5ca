import type { ContextMeta, Usage } from './types';
import type { FinalSource, RunEvent, RunSettingsPublic, RunStatus, UsageTotals } from './events';

/**
 * The trajectory is a fold of the event stream: the UI renders it, history
 * stores the events it came from. Every update returns new objects for the
 * parts that changed, so React can compare by reference.
 */

export interface SubcallView {
  id: string;
  iteration: number;
  block: number;
  prompt: string;
  model: string;
  startedAt: number;
  status: 'running' | 'done' | 'error';
  response?: string;
  usage?: Usage;
  cost?: number | null;
  durationMs?: number;
  error?: string;
}

export interface BlockView {
  block: number;
  code: string;
  lang: 'repl' | 'python';
  startedAt: number;
  status: 'running' | 'done';
  stdout?: string;
  stderr?: string;
  ok?: boolean;
  durationMs?: number;
  variables?: string[];
  reset?: string;
  timedOut?: boolean;
  subcalls: string[];
}

export interface IterationView {
  iteration: number;
  forced: boolean;
  startedAt: number;
  content: string;
  thinking: string;
  usage?: Usage;
  cost?: number | null;
  model?: string;
  durationMs?: number;
  blocks: BlockView[];
  notices: string[];
}

export interface Trajectory {
  runId: string;
  question: string;
  context: ContextMeta | null;
  settings: RunSettingsPublic;
  startedAt: number;
  status: 'running' | RunStatus;
  iterations: IterationView[];
  subcalls: Record<string, SubcallView>;
  final?: { answer: string; via: FinalSource; iteration: number };
  error?: { message: string; where: string; iteration?: number };
  finished?: { wallMs: number; usage: UsageTotals; iterations: number };
}

function updateIteration(t: Trajectory, n: number, f: (it: IterationView) => IterationView): Trajectory {
  const idx = t.iterations.findIndex((it) => it.iteration === n);
  if (idx < 0) return t;
  const iterations = t.iterations.slice();
  iterations[idx] = f(iterations[idx]);
  return { ...t, iterations };
}

function updateBlock(t: Trajectory, n: number, b: number, f: (bl: BlockView) => BlockView): Trajectory {
  return updateIteration(t, n, (it) => ({ ...it, blocks: it.blocks.map((bl) => (bl.block === b ? f(bl) : bl)) }));
}

export function startTrajectory(e: Extract<RunEvent, { type: 'run-started' }>): Trajectory {
  return {
    runId: e.runId,
    question: e.question,
    context: e.context,
    settings: e.settings,
    startedAt: e.at,
    status: 'running',
    iterations: [],
    subcalls: {},
  };
}

export function reduceTrajectory(t: Trajectory | null, e: RunEvent): Trajectory | null {
  if (e.type === 'run-started') return startTrajectory(e);
  if (!t) return t;
  switch (e.type) {
    case 'iteration-started':
      return {
        ...t,
        iterations: [
          ...t.iterations,
          { iteration: e.iteration, forced: e.forced, startedAt: e.at, content: '', thinking: '', blocks: [], notices: [] },
        ],
      };
    case 'token':
      return updateIteration(t, e.iteration, (it) =>
        e.channel === 'content' ? { ...it, content: it.content + e.text } : { ...it, thinking: it.thinking + e.text },
      );
    case 'response':
      return updateIteration(t, e.iteration, (it) => ({
        ...it,
        content: e.content,
        thinking: e.thinking,
        usage: e.usage,
        cost: e.cost,
        model: e.model,
        durationMs: e.durationMs,
      }));
    case 'code-started':
      return updateIteration(t, e.iteration, (it) => ({
        ...it,
        blocks: [...it.blocks, { block: e.block, code: e.code, lang: e.lang, startedAt: e.at, status: 'running', subcalls: [] }],
      }));
    case 'code-finished': {
      const { stdout, stderr, ok, durationMs, variables, reset, timedOut } = e;
      return updateBlock(t, e.iteration, e.block, (bl) => ({
        ...bl,
        status: 'done',
        ...{ stdout, stderr, ok, durationMs, variables, reset, timedOut },
      }));
    }
    case 'subcall-started': {
      const view: SubcallView = { ...e, startedAt: e.at, status: 'running' };
      const withCall = { ...t, subcalls: { ...t.subcalls, [e.id]: view } };
      return updateBlock(withCall, e.iteration, e.block, (bl) => ({ ...bl, subcalls: [...bl.subcalls, e.id] }));
    }
    case 'subcall-finished': {
      const prev = t.subcalls[e.id];
      if (!prev) return t;
      const { response, usage, cost, durationMs, error } = e;
      const next: SubcallView = { ...prev, response, usage, cost, durationMs, error, status: error ? 'error' : 'done' };
      return { ...t, subcalls: { ...t.subcalls, [e.id]: next } };
    }
    case 'notice':
      return updateIteration(t, e.iteration, (it) => ({ ...it, notices: [...it.notices, e.message] }));
    case 'final':
      return { ...t, final: { answer: e.answer, via: e.via, iteration: e.iteration } };
    case 'error':
      return { ...t, error: { message: e.message, where: e.where, iteration: e.iteration } };
    case 'run-finished':
      return { ...t, status: e.status, finished: { wallMs: e.wallMs, usage: e.usage, iterations: e.iterations } };
  }
}

/** Rebuilds a trajectory from stored events (history, import). */
export function replay(events: RunEvent[]): Trajectory | null {
  return events.reduce<Trajectory | null>(reduceTrajectory, null);
}
