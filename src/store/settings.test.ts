/** Settings that route calls (hosts, timeouts), the price table's persistence, and the model-list slice. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../tools/fake-llm/server';
import { createProvider } from '../providers';
import { createAppStore } from './createStore';
import { memoryKeyStore } from './keyStore';
import { isInstalled } from './ollamaModels';
import { DEFAULT_APP_SETTINGS, loadSettings, providerConfig, readSettings, saveSettings, type Settings } from './settings';
import type { StoreDeps } from './types';
import { DEFAULT_SETTINGS } from '../core/settings';

const withOllama = (patch: Partial<Settings['providers']['ollama']>, s: Partial<Settings> = {}): Settings => ({
  ...structuredClone(DEFAULT_APP_SETTINGS),
  ...s,
  providers: { ...DEFAULT_APP_SETTINGS.providers, ollama: { ...DEFAULT_APP_SETTINGS.providers.ollama, ...patch } },
});

describe('providerConfig', () => {
  it('routes a model picked on another Ollama host there, and only the models in use', () => {
    const s = withOllama(
      { host: 'http://localhost:11434', hosts: ['http://gpu:11434'], modelHosts: { big: 'http://gpu:11434', unused: 'http://gpu:11434' } },
      { rootModel: 'small', subModel: 'big', subProvider: 'ollama' },
    );
    expect(providerConfig('ollama', s)).toEqual({ kind: 'ollama', host: 'http://localhost:11434', modelHosts: { big: 'http://gpu:11434' }, callTimeoutMs: 300_000 });
    // The root model's host becomes the endpoint when the root lives elsewhere.
    const remoteRoot = { ...s, rootModel: 'big', subModel: '' };
    expect(providerConfig('ollama', remoteRoot)).toEqual({ kind: 'ollama', host: 'http://gpu:11434', callTimeoutMs: 300_000 });
  });

  it('carries the per-call timeout and the key only where asked', () => {
    const s = { ...structuredClone(DEFAULT_APP_SETTINGS), callTimeoutMs: 5000 };
    expect(providerConfig('openai', s, 'sk-x')).toMatchObject({ callTimeoutMs: 5000, apiKey: 'sk-x' });
    expect(JSON.stringify(s)).not.toContain('sk-x');
  });
});

describe('saved settings', () => {
  it('keeps a deleted default price deleted, and reads callTimeoutMs from the URL', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const s = loadSettings(storage, '');
    const { ['gpt-4o']: _gone, ...rest } = s.prices;
    saveSettings(storage, { ...s, prices: { ...rest, mine: { input: 1, output: 2 } } });
    const back = loadSettings(storage, '?callTimeoutMs=1500');
    expect(back.prices['gpt-4o']).toBeUndefined();
    expect(back.prices.mine).toEqual({ input: 1, output: 2 });
    expect(back.callTimeoutMs).toBe(1500);
    // Settings saved before hosts existed still load with the new fields.
    store.set('rlm-studio:settings:v1', JSON.stringify({ providers: { ollama: { host: 'http://x:1' } } }));
    expect(loadSettings(storage, '').providers.ollama).toEqual({ host: 'http://x:1', hosts: [], modelHosts: {} });
  });
});

describe('settings read back from storage and links', () => {
  const stored = (value: unknown) => ({ getItem: () => (typeof value === 'string' ? value : JSON.stringify(value)) });

  it('falls back field by field: one bad value keeps the others, and each is named', () => {
    const { settings, problems } = readSettings(
      stored({
        rootModel: 'qwen3:8b',
        rootProvider: 'gemini',
        engine: { maxIterations: 'lots', temperature: 0.2, think: 'on' },
        providers: { ollama: { host: 'http://gpu:11434', hosts: 'http://a', modelHosts: { big: 'http://gpu:11434', bad: 3 } }, openai: null },
        prices: { mine: { input: 1, output: 2 }, broken: { input: 'free', output: 1 } },
        callTimeoutMs: -5,
      }),
      '',
    );
    expect(settings.rootModel).toBe('qwen3:8b');
    expect(settings.rootProvider).toBe('ollama');
    expect(settings.engine).toEqual({ ...DEFAULT_APP_SETTINGS.engine, temperature: 0.2, think: 'on' });
    expect(settings.providers.ollama).toEqual({ host: 'http://gpu:11434', hosts: [], modelHosts: { big: 'http://gpu:11434' } });
    expect(settings.providers.openai).toEqual(DEFAULT_APP_SETTINGS.providers.openai);
    expect(settings.prices).toEqual({ mine: { input: 1, output: 2 } });
    expect(settings.callTimeoutMs).toBe(DEFAULT_APP_SETTINGS.callTimeoutMs);
    expect(problems).toEqual([
      'Saved setting `providers.ollama.hosts` must be a list (got "http://a"); the default is used.',
      'Saved setting `providers.ollama.modelHosts.bad` must be a string (got 3); that entry was dropped.',
      'Saved setting `providers.openai` must be an object (got null); its defaults are used.',
      'Saved setting `rootProvider` must be one of "ollama", "openai", "anthropic", "inpage" (got "gemini"); the default is used.',
      'Saved setting `engine.maxIterations` must be a number (got "lots"); the default is used.',
      'Saved setting `prices.broken.input` must be a number (got "free"); that entry was dropped.',
      'Saved setting `callTimeoutMs` must be more than 0 (got -5); the default is used.',
    ]);
  });

  it('survives a cut-off or non-object entry and keeps prototype keys out', () => {
    expect(readSettings(stored('{"rootModel":"x","eng'), '')).toEqual({
      settings: DEFAULT_APP_SETTINGS,
      problems: ['The saved settings are not valid JSON (they may have been cut off); the defaults are used.'],
      link: {},
      linkBase: {},
    });
    expect(readSettings(stored('[1]'), '').settings).toEqual(DEFAULT_APP_SETTINGS);
    expect(readSettings(stored('null'), '').problems).toEqual(['The saved settings must be an object (got null); the defaults are used.']);
    const hostile = '{"__proto__":{"polluted":1},"prices":{"__proto__":{"input":1,"output":1},"ok":{"input":1,"output":1}},' +
      '"providers":{"ollama":{"modelHosts":{"__proto__":"http://evil","constructor":"http://evil"}}}}';
    const { settings } = readSettings(stored(hostile), '');
    expect(Object.keys(settings.prices)).toEqual(['ok']);
    expect(Object.getPrototypeOf(settings.prices)).toBe(Object.prototype);
    expect(Object.keys(settings.providers.ollama.modelHosts)).toEqual([]);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('takes provider=inpage from a link, for root and sub model', () => {
    const { settings, problems } = readSettings(null, '?provider=inpage');
    expect([settings.rootProvider, settings.subProvider, problems]).toEqual(['inpage', 'inpage', []]);
    expect(settings.providers.inpage.nCtx).toBe(DEFAULT_APP_SETTINGS.providers.inpage.nCtx);
  });

  it('ignores and names unusable link parameters', () => {
    const { settings, problems } = readSettings(null, '?provider=gemini&maxIterations=1e999&blockTimeoutMs=abc&callTimeoutMs=2000&model=m');
    expect(settings.rootProvider).toBe('ollama');
    expect(settings.engine.maxIterations).toBe(DEFAULT_APP_SETTINGS.engine.maxIterations);
    expect(settings.engine.blockTimeoutMs).toBe(DEFAULT_APP_SETTINGS.engine.blockTimeoutMs);
    expect(settings.callTimeoutMs).toBe(2000);
    expect(settings.rootModel).toBe('m');
    expect(problems).toEqual([
      "The link's `provider=gemini` is not one of ollama, openai, anthropic, inpage; it was ignored.",
      "The link's `maxIterations=1e999` is not a whole number of at least 1; it was ignored.",
      "The link's `blockTimeoutMs=abc` is not a positive number of milliseconds; it was ignored.",
    ]);
    expect(loadSettings(null, '?maxIterations=0.5').engine.maxIterations).toBe(DEFAULT_APP_SETTINGS.engine.maxIterations);
  });
});

describe('engine budgets and strategies in saved settings and links', () => {
  const stored = (value: unknown) => ({ getItem: () => JSON.stringify(value) });

  it('keeps good budget fields and falls back on each bad one alone', () => {
    const { settings, problems } = readSettings(
      stored({ engine: { maxSubcalls: -1, maxTokens: 5000, maxCostUsd: 'cheap', maxWallMs: null, strategy: 'clever', subcallCache: true, systemPrompt: 'Mine.', compactAt: 2, maxDepth: 3 } }),
      '',
    );
    expect(settings.engine).toEqual({ ...DEFAULT_SETTINGS, maxTokens: 5000, subcallCache: true, systemPrompt: 'Mine.', maxDepth: 3 });
    expect(problems).toEqual([
      'Saved setting `engine.maxSubcalls` must be at least 0 (got -1); the default is used.',
      'Saved setting `engine.maxCostUsd` must be a number (got "cheap"); the default is used.',
      'Saved setting `engine.strategy` must be one of "official", "final", "profile" (got "clever"); the default is used.',
      'Saved setting `engine.compactAt` must be at most 1 (got 2); the default is used.',
    ]);
  });

  it('reads limits and a strategy from the link, naming the unusable ones', () => {
    const r = readSettings(null, '?maxSubcalls=0&maxWallMs=3000&maxCostUsd=0.5&strategy=final&maxTokens=&maxErrors=1.5&maxDepth=2');
    expect(r.link).toEqual({ maxSubcalls: 0, maxWallMs: 3000, maxCostUsd: 0.5, strategy: 'final', maxDepth: 2 });
    expect(r.settings.engine).toMatchObject(r.link);
    expect(r.settings.engine.maxTokens).toBeNull();
    expect(r.problems).toEqual([
      "The link's `maxTokens=` is not a whole number, 0 or more; it was ignored.",
      "The link's `maxErrors=1.5` is not a whole number, 0 or more; it was ignored.",
    ]);
    expect(readSettings(null, '?strategy=best').problems).toEqual(["The link's `strategy=best` is not one of official, final, profile; it was ignored."]);
  });

  it('uses the link\'s limits on this page only until they are saved', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveSettings(storage, { ...DEFAULT_APP_SETTINGS, engine: { ...DEFAULT_SETTINGS, maxSubcalls: 7 } });
    const deps = { ...memoryDeps(), storage };
    const app = createAppStore({ ...deps, search: '?maxSubcalls=2&maxIterations=3&strategy=final' });
    expect(app.getState().settings.engine).toMatchObject({ maxSubcalls: 2, maxIterations: 3, strategy: 'final' });
    expect(app.getState().linkLimits).toEqual({ maxSubcalls: 2, maxIterations: 3, strategy: 'final' });
    // Any save (a model picked, another field edited) keeps the saved values under the link's.
    app.getState().chooseModel('root', 'solver');
    app.getState().setEngine('maxIterations', 9);
    expect(app.getState().linkLimits).toEqual({ maxSubcalls: 2, strategy: 'final' });
    const reloaded = createAppStore({ ...deps, search: '' }).getState();
    expect(reloaded.settings.rootModel).toBe('solver');
    expect(reloaded.settings.engine).toMatchObject({ maxSubcalls: 7, maxIterations: 9, strategy: 'official' });
    expect(reloaded.linkLimits).toEqual({});
    // Saved on request: then they are the defaults.
    app.getState().saveLinkLimits();
    expect(app.getState().linkLimits).toEqual({});
    expect(createAppStore({ ...deps, search: '' }).getState().settings.engine).toMatchObject({ maxSubcalls: 2, maxIterations: 9, strategy: 'final' });
  });
});

function memoryDeps(): StoreDeps {
  return {
    sandbox: { exec: async () => { throw new Error('unused'); }, getVar: async () => null, loadContext: async () => null, reset: async () => undefined, subscribe: () => () => undefined },
    createProvider: (c) => createProvider(c),
    storage: null,
    search: '',
    history: { list: async () => [], save: async () => undefined, load: async () => null, remove: async () => undefined, saveFiles: async () => undefined, loadFiles: async () => null },
    keyStore: memoryKeyStore(),
    newId: () => crypto.randomUUID(),
    now: () => Date.now(),
  };
}

describe('isInstalled', () => {
  it('treats a missing tag as :latest and checks the host the calls go to', () => {
    const o = { host: 'h1', hosts: ['h2'], modelHosts: { big: 'h2' } };
    const list = [{ name: 'llama3.2:latest' }, { name: 'big', host: 'h2' }, { name: 'small', host: 'h2' }];
    expect(isInstalled('llama3.2', list, o)).toBe(true);
    expect(isInstalled('big', list, o)).toBe(true);
    expect(isInstalled('small', list, o)).toBe(false);
    expect(isInstalled('qwen3:8b', list, o)).toBe(false);
  });
});

describe('the settings slice against a real (fake) Ollama', () => {
  let main: FakeLlmServer;
  let other: FakeLlmServer;
  beforeAll(async () => {
    [main, other] = await Promise.all([createFakeLlmServer({ pullStepMs: 5 }), createFakeLlmServer()]);
  });
  afterAll(() => Promise.all([main.close(), other.close()]));

  const keyStore = memoryKeyStore();
  function deps(search: string): StoreDeps {
    return {
      sandbox: { exec: async () => { throw new Error('unused'); }, getVar: async () => null, loadContext: async () => null, reset: async () => undefined, subscribe: () => () => undefined },
      createProvider: (c) => createProvider(c),
      storage: null,
      search,
      history: { list: async () => [], save: async () => undefined, load: async () => null, remove: async () => undefined, saveFiles: async () => undefined, loadFiles: async () => null },
      keyStore,
      newId: () => crypto.randomUUID(),
      now: () => Date.now(),
    };
  }
  const store = (search: string) => createAppStore(deps(search));

  it('merges hosts, survives one being down, pulls a missing model and describes it', async () => {
    const app = store(`?provider=ollama&host=${encodeURIComponent(main.url)}&model=qwen3:8b`);
    app.getState().updateSettings((s) => ({ ...s, providers: { ...s.providers, ollama: { ...s.providers.ollama, hosts: [other.url, 'http://127.0.0.1:9'] } } }));
    await app.getState().refreshModels('ollama');
    const m = app.getState().models.ollama;
    if (m.status !== 'ok') throw new Error(JSON.stringify(m));
    expect(m.list.some((x) => x.host === other.url)).toBe(true);
    expect(Object.keys(m.hostErrors)).toEqual(['http://127.0.0.1:9']);
    expect(isInstalled('qwen3:8b', m.list, app.getState().settings.providers.ollama)).toBe(false);

    const seen: number[] = [];
    const unsub = app.subscribe((st) => st.pulls['qwen3:8b'] && seen.push(st.pulls['qwen3:8b'].completed));
    await app.getState().pullModel('qwen3:8b');
    unsub();
    expect(seen.some((c) => c > 0)).toBe(true);
    const after = app.getState().models.ollama;
    expect(after.status === 'ok' && isInstalled('qwen3:8b', after.list, app.getState().settings.providers.ollama)).toBe(true);
    await app.getState().describeModel('qwen3:8b');
    expect(app.getState().described[`${main.url}\nqwen3:8b`]).toMatchObject({ supportsThinking: true, contextLength: 40960 });

    app.getState().chooseModel('root', 'solver', other.url);
    expect(app.getState().settings.providers.ollama.modelHosts).toEqual({ solver: other.url });
    expect(app.getState().providerFor('ollama').endpoint).toBe(other.url);
  });

  it('describes the chosen root model first once the list is in, so a run does not wait for /api/show', async () => {
    const described: string[] = [];
    const app = createAppStore({ ...deps(`?provider=ollama&host=${encodeURIComponent(main.url)}&model=niah2`), createProvider: (c) => {
      const p = createProvider(c);
      const describe = p.describeModel?.bind(p);
      if (describe) p.describeModel = (name, signal) => (described.push(name), describe(name, signal));
      return p;
    } });
    await app.getState().refreshModels('ollama');
    await vi.waitFor(() => expect(described.length).toBeGreaterThan(2));
    expect(described[0]).toBe('niah2');
    expect(described.filter((n) => n === 'niah2')).toHaveLength(1);
  });

  it('stops describing the listed models once the host is edited: nothing goes to a half-typed address', async () => {
    const hosts: string[] = [];
    const app = createAppStore({ ...deps(`?provider=ollama&host=${encodeURIComponent(main.url)}&model=niah2`), createProvider: (c) => {
      const p = createProvider(c);
      const describe = p.describeModel?.bind(p);
      if (describe && c.kind === 'ollama') p.describeModel = (name, signal) => (hosts.push(c.host ?? ''), describe(name, signal));
      return p;
    } });
    await app.getState().refreshModels('ollama');
    app.getState().updateSettings((s) => ({ ...s, providers: { ...s.providers, ollama: { ...s.providers.ollama, host: 'http://htt' } } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(hosts.filter((h) => h !== main.url)).toEqual([]);
  });

  it("a run's provider shares the model list's /api/show answers: a described model is not asked about again", async () => {
    const app = store(`?provider=ollama&host=${encodeURIComponent(main.url)}&model=solver`);
    main.resetStats();
    await app.getState().describeModel('solver');
    const asked = main.stats.requests['POST /api/show'];
    await app.getState().providerFor('ollama').describeModel?.('solver');
    expect(main.stats.requests['POST /api/show']).toBe(asked);
  });

  it('says once, at load, which saved settings were reset', () => {
    const storage = { getItem: () => JSON.stringify({ rootModel: 'kept', engine: { numCtx: 'big' } }), setItem: () => undefined };
    const app = createAppStore({ ...deps(''), storage });
    expect(app.getState().settings.rootModel).toBe('kept');
    expect(app.getState().settingsNotice).toBe('Saved setting `engine.numCtx` must be a number (got "big"); the default is used.');
    expect(createAppStore(deps('')).getState().settingsNotice).toBeNull();
  });

  it('forgets a remembered key everywhere at once', async () => {
    const app = store('?provider=openai');
    app.getState().setKey('openai', 'sk-remember-me');
    await app.getState().rememberKey('openai', true);
    expect(await keyStore.all()).toEqual({ openai: 'sk-remember-me' });
    await app.getState().forgetKey('openai');
    expect(app.getState().keys.openai).toBe('');
    // Typing after forgetting stays in memory only.
    app.getState().setKey('openai', 'sk-new-typed');
    await new Promise((r) => setTimeout(r, 10));
    expect(app.getState().remembered.openai).toBe(false);
    expect(await keyStore.all()).toEqual({});
  });
});
