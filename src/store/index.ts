/**
 * The browser wiring: one store for the page, with the real sandbox worker
 * (started now, at page load, so the first Run never waits for Python), the
 * real providers and IndexedDB history.
 */
import { createBrowserSandbox } from '../sandbox';
import { createProvider } from '../providers';
import { createAppStore } from './createStore';
import { indexedDbHistory } from './historyDb';
import { indexedDbKeyStore } from './keyStore';
import { newUuid } from './ids';
import { indexedDbBench } from './benchDb';
import { SandboxPool } from '../sandbox/pool';
import type { SandboxPort } from './types';

// `?bridge=sab` forces the SharedArrayBuffer bridge that browsers without JSPI use (sandbox/bridge-choice.ts).
const forceSab = typeof location !== 'undefined' && new URLSearchParams(location.search).get('bridge') === 'sab';
const sandboxOptions = forceSab ? { bridge: 'sab' as const } : {};
const sandbox = createBrowserSandbox(sandboxOptions);

const port: SandboxPort = {
  exec: (code, opts) => sandbox.exec(code, opts),
  getVar: (name) => sandbox.getVar(name),
  getAnswerContent: () => sandbox.getAnswerContent(),
  setVar: (name, value) => sandbox.setVar(name, value),
  loadContext: (files, opts) => sandbox.loadContext(files, opts),
  reset: () => sandbox.reset(),
  spawnRepl: (opts) => sandbox.spawnRepl(opts),
  get maxChildren() {
    return sandbox.maxChildren;
  },
  subscribe: (listener) =>
    sandbox.subscribe((s) =>
      listener(s.state === 'error' ? { state: 'error', message: s.message }
        : s.state === 'ready' ? { state: 'ready', layers: s.layers, bridge: s.bridge } : { state: s.state })),
};

export const useApp = createAppStore({
  sandbox: port,
  createProvider: (config) => createProvider(config),
  storage: typeof localStorage === 'undefined' ? null : localStorage,
  search: typeof location === 'undefined' ? '' : location.search,
  history: indexedDbHistory(),
  keyStore: indexedDbKeyStore(),
  newId: () => newUuid(),
  now: () => Date.now(),
  // Trial workers start from the boot snapshot the page's own sandbox saved (createBrowserSandbox reads it).
  bench: { store: indexedDbBench(), pool: (size) => new SandboxPool(() => createBrowserSandbox(sandboxOptions), size) },
});
