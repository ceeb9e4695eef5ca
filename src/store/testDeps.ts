/** Injected deps for store tests: a sandbox whose status, loads and blocks the test controls, and counting providers. */
import type { ContextMeta, ExecResult } from '../core/types';
import { ScriptedProvider } from '../core/testing';
import type { ProviderConfig } from '../providers';
import { memoryHistory } from './historyDb';
import { memoryKeyStore } from './keyStore';
import type { ContextFile, SandboxReadiness, StoreDeps } from './types';

/** A promise the test resolves by hand. */
export function gate<T = void>() {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

const META: ContextMeta = { name: 'a.txt', pyType: 'str', totalChars: 5, lines: 1, bytes: 5, head: 'hello', tail: 'hello', warnings: [] };

export function testDeps(opts: { search?: string } = {}) {
  const listeners = new Set<(s: SandboxReadiness) => void>();
  const log: string[] = [];
  const configs: ProviderConfig[] = [];
  let ids = 0;
  const sandbox = {
    /** Each block waits for this when set: the test decides when code "finishes". */
    blockGate: null as Promise<void> | null,
    loadGate: null as Promise<void> | null,
    resetError: null as Error | null,
    resets: 0,
    /** Every block's code, in order. */
    codes: [] as string[],
    /** What setVar bound (history_<n>…). */
    vars: new Map<string, unknown>(),
    setStatus(s: SandboxReadiness) {
      listeners.forEach((l) => l(s));
    },
    /** Like the real client: changes only, not the current status. */
    subscribe(l: (s: SandboxReadiness) => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    async exec(code: string): Promise<ExecResult> {
      log.push('exec-start');
      sandbox.codes.push(code);
      if (sandbox.blockGate) await sandbox.blockGate;
      log.push('exec-end');
      const final = code.includes('FINAL') ? { value: '1', via: 'FINAL' as const } : null;
      return { stdout: '', stderr: '', ok: true, final, durationMs: 1, variables: [] };
    },
    getVar: async () => null,
    async setVar(name: string, value: unknown) {
      sandbox.vars.set(name, value);
    },
    async loadContext(files: ContextFile[] | null, opts: { slot?: number } = {}) {
      const slot = opts.slot ? `@${opts.slot}` : '';
      log.push(files ? `load ${files.map((f) => f.name).join(',')}${slot}` : `load none${slot}`);
      if (sandbox.loadGate) await sandbox.loadGate;
      return files ? (opts.slot ? { ...META, name: files.map((f) => f.name).join(', ') } : META) : null;
    },
    async reset() {
      sandbox.resets++;
      if (sandbox.resetError) throw sandbox.resetError;
    },
  };
  const history = memoryHistory();
  const deps: StoreDeps = {
    sandbox,
    createProvider: (c) => {
      configs.push(c);
      return new ScriptedProvider(() => '```repl\nFINAL(1)\n```');
    },
    storage: null,
    search: opts.search ?? '?provider=openai&model=m',
    history,
    keyStore: memoryKeyStore(),
    newId: () => `uuid-${++ids}`,
    now: () => 1000,
  };
  return { deps, sandbox, history, log, configs };
}
