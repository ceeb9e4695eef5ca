/**
 * A child run's REPL (core/types.ts ChildRepl): a namespace of its own in the SAME Python interpreter as its parent.
 *
 * Why a namespace, not a worker per child (both measured with `npm run bench`, node_child_spawn_ms vs the snapshot
 * restart/ready figures): a namespace is a fresh dict of globals with the scaffold's functions bound to it and
 * `context` = the prompt: measured 0.2 ms to spawn, 1 ms spawn + block + dispose, ~3 KB of Python heap with a 1 KB
 * prompt (Node, 2 loaded cores), where a worker restored from the boot snapshot took 0.3 s on an idle machine and
 * 1.9 s on that loaded one (node_restart_snapshot_ms), plus a whole Pyodide heap each (not measured here). It works because of JSPI:
 * the parent's block is suspended in run_sync waiting for its rlm_query answer, the worker's event loop is free, and
 * the engine runs the child's block (a second callPromising) meanwhile; Pyodide keeps each suspended stack's Python
 * state apart, and the scaffold re-takes its own stdout on every resume (prelude.py `_await`). The worker keeps one
 * operation chain per namespace (engine.ts), so a child's ops never wait behind its parent's pending exec.
 * What it costs: siblings share one heap (the 4 GB limit) and sys.modules; globals never leak between them (tests).
 * A Stop of the root rejects every pending wait in the worker (the whole tree stops); a child's own time limit or
 * stop cancels only that child's waits. A child whose Python never yields (a long C call) is escalated like a root
 * block: the worker is replaced, and every block in flight, the root's included, ends with `reset`.
 */
import type { ChildRepl, ExecOptions, ExecResult, Repl } from '../core/types';
import { SandboxError } from './api';
import type { NamespaceKey, PageMessage, WorkerMessage } from './protocol';

/** What a child needs of the client: sends that bypass the root's one-at-a-time queue (the root is mid-block). */
export interface ChildHost {
  request<T>(build: (id: number) => PageMessage, match: (m: WorkerMessage) => { value: T } | { error: Error } | null):
    Promise<T>;
  execIn(ns: NamespaceKey, code: string, opts: ExecOptions): Promise<ExecResult>;
  /** Bumped on every worker (re)start: a namespace from an older worker is gone. */
  readonly generation: number;
  /** Repl.maxChildren of the sandbox (its grandchildren take turns the same way). */
  readonly maxChildren?: number;
}

/** A ChildRepl with the optional members of Repl present (this sandbox has them all). */
export type SandboxChildRepl = ChildRepl & Required<Pick<Repl, 'getAnswerContent' | 'setVar'>>;

export const ack = (m: WorkerMessage) =>
  m.type !== 'ack' ? null : m.error === undefined ? { value: undefined } : { error: new SandboxError(m.error, 'failed') };
const varValue = (m: WorkerMessage) => (m.type === 'var-value' ? { value: m.value } : null);

class ChildNamespace implements SandboxChildRepl {
  private tail: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly host: ChildHost, readonly ns: NamespaceKey, private readonly gen: number) {}

  get maxChildren(): number | undefined {
    return this.host.maxChildren;
  }

  exec(code: string, opts: ExecOptions): Promise<ExecResult> {
    return this.serial(() => this.host.execIn(this.ns, code, opts));
  }

  getVar(name: string): Promise<string | null> {
    return this.serial(() => this.host.request((id) => ({ type: 'get-var', id, name, ns: this.ns }), varValue));
  }

  getAnswerContent(): Promise<string | null> {
    return this.serial(() => this.host.request((id) => ({ type: 'get-answer', id, ns: this.ns }), varValue));
  }

  setVar(name: string, jsonValue: unknown): Promise<void> {
    return this.serial(() => {
      const json = toJson(jsonValue);
      return this.host.request((id) => ({ type: 'set-var', id, ns: this.ns, name, json }), ack);
    });
  }

  /** Frees the namespace; idempotent, and quiet when the worker that held it is gone already. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.host.generation !== this.gen) return;
    const p = this.tail.then(() => this.host.request((id) => ({ type: 'dispose-ns', id, ns: this.ns }), ack));
    await p.catch(() => undefined);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.tail.then(() => {
      if (this.disposed) throw new SandboxError('This child REPL was disposed.', 'disposed');
      if (this.host.generation !== this.gen) {
        throw new SandboxError('Python was restarted: this child REPL is gone.', 'restarted');
      }
      return op();
    });
    this.tail = p.catch(() => undefined);
    return p;
  }
}

/** JSON text of a value for setVar; a clear error for what JSON cannot hold (undefined, functions, cycles). */
export function toJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new SandboxError(`setVar: the value is not JSON (${(e as Error).message})`, 'failed');
  }
  if (json === undefined) throw new SandboxError('setVar: the value is not JSON (undefined or a function)', 'failed');
  return json;
}

/** Makes namespace `ns` in the worker with `context` = the prompt. */
export async function spawnChild(host: ChildHost, ns: NamespaceKey, opts: { context: string; signal: AbortSignal }):
  Promise<SandboxChildRepl> {
  if (opts.signal.aborted) throw new SandboxError('The run was stopped before its child REPL started.', 'disposed');
  const gen = host.generation;
  await host.request((id) => ({ type: 'spawn', id, ns, context: String(opts.context) }), ack);
  return new ChildNamespace(host, ns, gen);
}
