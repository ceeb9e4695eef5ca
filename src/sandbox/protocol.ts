/**
 * Messages between the page (SandboxClient) and the sandbox worker (engine.ts).
 *
 * The worker runs model-written Python, so everything it sends is untrusted: model code can reach `js.postMessage`
 * and forge messages. The page therefore runs parseWorkerMessage() on EVERY message (shape, types, sizes) and the
 * client additionally checks that ids are ones it issued / expects. A forged message can at most do what model code
 * can already do through llm_query or FINAL.
 */
import type { ContextFormat, ContextMeta, ExecResult, FinalValue, SubcallKind } from '../core/types';

type VariableInfo = NonNullable<ExecResult['variableInfo']>[number];

// ---------- limits (shared by the Python scaffold, the engine and the validator) ----------

/** Python enforces these in code points (str length); the validator allows 2x, since a JS string counts UTF-16
 * units and an astral character (emoji) is two. */
/** Modules the scaffold imports, loaded before a snapshot so a restored worker needn't unzip them again. Part of a
 * stored snapshot's key: change this and old snapshots are ignored. */
export const SNAPSHOT_IMPORTS =
  'import ast, asyncio, contextlib, ctypes, inspect, json, linecache, reprlib, types, pyodide.ffi';

export const LIMITS = {
  /** stdout and stderr are each capped per block by the scaffold. */
  stdoutChars: 1_000_000,
  /** FINAL / FINAL_VAR / getVar values are cut to this. */
  finalChars: 5_000_000,
  /** Prompts per llm_query_batched call, and their total length. */
  batch: 10_000,
  promptChars: 50_000_000,
  modelChars: 200,
  variables: 10_000,
  nameChars: 1_000,
  /** ExecResult.variableInfo: at most this many entries, each type / repr cut to these (varinfo.py). */
  varInfo: 50,
  typeChars: 60,
  reprChars: 120,
  messageChars: 4_000,
  previewChars: 2_000,
  warnings: 50,
  snapshotBytes: 256 * 1024 * 1024,
} as const;

// ---------- page -> worker ----------

export interface ContextPayload {
  name: string;
  format: ContextFormat;
  /** A handle, not the bytes: the worker reads it in slices straight into Python's memory (context-stream.ts). */
  data: Blob;
}

/** Which REPL namespace an operation acts on: 0 is the root (the user's data), n > 0 a child run's (child.ts). */
export type NamespaceKey = number;

/** Interrupt buffer layout: [0] is Pyodide's flag (2 = SIGINT); [1] the exec id the stop is for, 0 = the whole tree.
 * The worker uses [1] when Python is suspended, to reject only the waits of the exec that was stopped. */
export const INTERRUPT_SLOTS = 2;

export type SubcallOutcome = { ok: true; text: string } | { ok: false; error: string };

export type PageMessage =
  /** `snapshot`: restore this Pyodide memory snapshot instead of booting cold; `makeSnapshot`: send one back. */
  | { type: 'init'; interrupt: Int32Array | null; stdoutLimit: number; snapshot: Uint8Array | null;
    makeSnapshot: boolean }
  /** slot 0: `context` (a new session); slot n: `context_n`, variables kept. */
  | { type: 'load-context'; id: number; files: ContextPayload[] | null; slot: number }
  | { type: 'exec'; id: number; code: string; ns: NamespaceKey }
  | { type: 'get-var'; id: number; name: string; ns: NamespaceKey }
  /** Replied to with var-value: str(answer["content"]) or null. */
  | { type: 'get-answer'; id: number; ns: NamespaceKey }
  /** `json`: JSON text of the value; replied to with ack. */
  | { type: 'set-var'; id: number; ns: NamespaceKey; name: string; json: string }
  /** A child namespace `ns` whose `context` is `context`; replied to with ack. */
  | { type: 'spawn'; id: number; ns: NamespaceKey; context: string }
  | { type: 'dispose-ns'; id: number; ns: NamespaceKey }
  | { type: 'reset'; id: number }
  | { type: 'llm-reply'; id: number; results: SubcallOutcome[] }
  /** The whole request is refused; error 'RLM_CANCELLED' makes Python raise KeyboardInterrupt. */
  | { type: 'llm-error'; id: number; error: string }
  /** Stop exec `id`: reject every pending sub-call (and any later one in this block) with RLM_CANCELLED. */
  | { type: 'cancel'; id: number }
  /** The SharedArrayBuffer bridge's channel (sab-channel.ts), sent once the worker is ready with bridge 'sab'. */
  | { type: 'sab-channel'; buffer: SharedArrayBuffer }
  /** Answers `sab-leave`: everything the page wrote into the channel before it is read; from now on, postMessage. */
  | { type: 'sab-release' };

export const CANCELLED = 'RLM_CANCELLED';

// ---------- worker -> page ----------

export type SandboxState = 'loading' | 'ready' | 'error';

/** The boundary layers the worker found in place at start-up (layers.ts checks them). `scope`: network and worker
 * APIs deleted from the worker's scope (always true once ready: Python never starts without it); `csp`: the
 * worker's Content-Security-Policy refused a cross-origin fetch and a nested worker; `isolated`:
 * crossOriginIsolated, so Stop can interrupt Python in place. */
export interface BoundaryLayers {
  scope: boolean;
  csp: boolean;
  isolated: boolean;
}
/** How Python waits for the page (bridge.ts): JSPI suspends it; 'sab' blocks it in Atomics.wait. */
export type BridgeKind = 'jspi' | 'sab';

export type ContextErrorCode = 'bad-json' | 'too-large' | 'failed';

export interface WorkerExecResult {
  stdout: string;
  stderr: string;
  ok: boolean;
  /** The block ended in KeyboardInterrupt (stop, time limit or cancelled sub-call). */
  interrupted: boolean;
  final: FinalValue | null;
  variables: string[];
  variableInfo?: VariableInfo[];
}

/** The result of a block that did not run (or whose result was lost): one shape for the worker and the page. */
export function failedBlock(stderr: string, interrupted = false): WorkerExecResult {
  return { stdout: '', stderr, ok: false, interrupted, final: null, variables: [] };
}

export type WorkerMessage =
  /** `layers` and `bridge` come with `ready`. */
  | { type: 'status'; state: SandboxState; message?: string; bootMs?: number; layers?: BoundaryLayers; bridge?: BridgeKind }
  /** Pyodide's memory right after boot (before the scaffold or any data), to start the next worker in ~0.3 s. */
  | { type: 'snapshot'; data: Uint8Array }
  | { type: 'context-loaded'; id: number; meta: ContextMeta | null }
  | { type: 'context-error'; id: number; code: ContextErrorCode; file?: string; message: string }
  | { type: 'exec-result'; id: number; result: WorkerExecResult }
  /** `exec`: the exec id of the block asking (a child's block can ask while its parent's waits). */
  /** `batched`: the prompts of one `*_batched` call (a single llm_query/rlm_query sends one prompt without it). */
  | { type: 'llm-request'; id: number; exec: number; kind: SubcallKind; prompts: string[]; model?: string; batched?: true }
  | { type: 'var-value'; id: number; value: string | null }
  /** Done (spawn, dispose-ns, set-var); `error` says why not. */
  | { type: 'ack'; id: number; error?: string }
  | { type: 'reset-done'; id: number }
  /** SAB bridge: the worker took a chunk from the channel (the page writes the next). */
  | { type: 'sab-read' }
  /** SAB bridge: the worker left its outermost wait; it reads the channel until `sab-release`. */
  | { type: 'sab-leave' };

// ---------- validation ----------

type Rec = Record<string, unknown>;

const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isStr = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const optStr = (x: unknown, max: number) => x === undefined || isStr(x, max);
const strArray = (x: unknown, maxItems: number, maxLen: number): x is string[] =>
  Array.isArray(x) && x.length <= maxItems && x.every((s) => isStr(s, maxLen));

const FINAL_VIA = new Set(['FINAL', 'FINAL_VAR', 'answer']);
const STATES = new Set(['loading', 'ready', 'error']);
const CONTEXT_ERRORS = new Set(['bad-json', 'too-large', 'failed']);
const KINDS = new Set(['llm', 'rlm']);
const BRIDGES = new Set(['jspi', 'sab']);

/** Max UTF-16 length of a string Python capped at `chars` code points (plus room for the scaffold's notes). */
const units = (chars: number) => 2 * chars + LIMITS.messageChars;

const validLayers = (x: unknown) => isRec(x) && Object.keys(x).length === 3 &&
  ['scope', 'csp', 'isolated'].every((k) => typeof x[k] === 'boolean');

function validFinal(x: unknown): boolean {
  return x === null || (isRec(x) && FINAL_VIA.has(x.via as string) && isStr(x.value, units(LIMITS.finalChars)));
}

function validMeta(x: unknown): x is ContextMeta {
  if (!isRec(x)) return false;
  const p = LIMITS.previewChars;
  return (
    isStr(x.name, units(LIMITS.nameChars)) && isStr(x.pyType, 100) && isCount(x.totalChars) && isCount(x.lines) &&
    isCount(x.bytes) && isStr(x.head, p) && isStr(x.tail, p) && (x.items === undefined || isCount(x.items)) &&
    strArray(x.warnings, LIMITS.warnings, LIMITS.messageChars)
  );
}

/** Python cuts type and repr to LIMITS code points; 2x for UTF-16 (no room for notes: nothing is appended). */
function validVariableInfo(x: unknown): x is VariableInfo[] {
  const ok = (v: unknown) => isRec(v) && isStr(v.name, units(LIMITS.nameChars)) &&
    isStr(v.type, 2 * LIMITS.typeChars) && isStr(v.repr, 2 * LIMITS.reprChars);
  return Array.isArray(x) && x.length <= LIMITS.varInfo && x.every(ok);
}

function validExecResult(x: unknown): x is WorkerExecResult {
  const out = units(LIMITS.stdoutChars);
  return (
    isRec(x) && isStr(x.stdout, out) && isStr(x.stderr, out) && typeof x.ok === 'boolean' &&
    typeof x.interrupted === 'boolean' && validFinal(x.final) &&
    strArray(x.variables, LIMITS.variables, units(LIMITS.nameChars)) &&
    (x.variableInfo === undefined || validVariableInfo(x.variableInfo))
  );
}

function validPrompts(x: unknown): x is string[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > LIMITS.batch) return false;
  let total = 0;
  for (const p of x) {
    if (typeof p !== 'string') return false;
    total += p.length;
  }
  return total <= units(LIMITS.promptChars);
}

const CHECKS: Record<WorkerMessage['type'], (m: Rec) => boolean> = {
  status: (m) => STATES.has(m.state as string) && optStr(m.message, LIMITS.messageChars) &&
    (m.bootMs === undefined || isCount(m.bootMs)) && (m.layers === undefined || validLayers(m.layers)) &&
    (m.bridge === undefined || BRIDGES.has(m.bridge as string)),
  snapshot: (m) => m.data instanceof Uint8Array && m.data.byteLength <= LIMITS.snapshotBytes,
  'context-loaded': (m) => isId(m.id) && (m.meta === null || validMeta(m.meta)),
  'context-error': (m) => isId(m.id) && CONTEXT_ERRORS.has(m.code as string) &&
    optStr(m.file, units(LIMITS.nameChars)) && isStr(m.message, units(LIMITS.messageChars)),
  'exec-result': (m) => isId(m.id) && validExecResult(m.result),
  'llm-request': (m) => isId(m.id) && isId(m.exec) && KINDS.has(m.kind as string) && validPrompts(m.prompts) &&
    optStr(m.model, units(LIMITS.modelChars)) && (m.batched === undefined || m.batched === true),
  'var-value': (m) => isId(m.id) && (m.value === null || isStr(m.value, units(LIMITS.finalChars))),
  'reset-done': (m) => isId(m.id),
  ack: (m) => isId(m.id) && optStr(m.error, units(LIMITS.messageChars)),
  'sab-read': () => true,
  'sab-leave': () => true,
};

/** Shape check of one message from the worker; null means "drop it". Ids are checked by the client. */
export function parseWorkerMessage(x: unknown): WorkerMessage | null {
  if (!isRec(x) || typeof x.type !== 'string' || !Object.hasOwn(CHECKS, x.type)) return null;
  return CHECKS[x.type as WorkerMessage['type']](x) ? (x as unknown as WorkerMessage) : null;
}
