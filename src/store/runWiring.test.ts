/** What the store hands the engine: the context profile for the 'profile' strategy, and the child-REPL factory. */
import { describe, expect, it } from 'vitest';
import type { EventOf } from '../core/events';
import { ScriptedProvider } from '../core/testing';
import type { ChildRepl } from '../core/types';
import { createAppStore } from './createStore';
import { testDeps } from './testDeps';

function app(search: string, extra: { spawnRepl?: () => Promise<ChildRepl> } = {}) {
  const t = testDeps({ search });
  const providers: ScriptedProvider[] = [];
  const store = createAppStore({
    ...t.deps,
    sandbox: Object.assign(t.sandbox, extra),
    createProvider: () => {
      const p = new ScriptedProvider(() => '```repl\nFINAL(1)\n```');
      providers.push(p);
      return p;
    },
  });
  t.sandbox.setStatus({ state: 'ready' });
  store.getState().setQuestion('what?');
  return { store, providers };
}

// The latest turn's: a second Run after the first is that session's next turn.
const started = (s: ReturnType<typeof app>['store']) =>
  s.getState().runEvents.findLast((e): e is EventOf<'run-started'> => e.type === 'run-started')!;

describe('the run context', () => {
  it('carries the profile with the profile strategy, computed from the file', async () => {
    const { store } = app('?provider=openai&model=m&strategy=profile');
    await store.getState().setFiles([new File(['hello'], 'a.txt')]);
    await store.getState().startRun();
    const profile = started(store).context?.profile;
    expect(profile).toMatchObject({ totalChars: 5, head: { start: 0, end: 5, text: 'hello' } });
  });

  it('has none with another strategy, and computes it at run start once the strategy changed', async () => {
    const { store } = app('?provider=openai&model=m');
    await store.getState().setFiles([new File(['hello'], 'a.txt')]);
    await store.getState().startRun();
    expect(started(store).context).not.toHaveProperty('profile');
    store.getState().setEngine('strategy', 'profile');
    await store.getState().startRun();
    expect(started(store).context?.profile?.tail.text).toBe('hello');
  });
});

describe('child runs', () => {
  const systemPrompt = (p: ScriptedProvider) => p.calls[0]![0]!.content;

  it('get the sandbox\'s REPL factory when the port has one', async () => {
    const withFactory = app('?provider=openai&model=m&maxDepth=2', { spawnRepl: async () => { throw new Error('unused'); } });
    await withFactory.store.getState().startRun();
    expect(systemPrompt(withFactory.providers.find((p) => p.calls.length)!)).toContain('starts a child RLM');
    const without = app('?provider=openai&model=m&maxDepth=2');
    await without.store.getState().startRun();
    expect(systemPrompt(without.providers.find((p) => p.calls.length)!)).toContain('recursion is off');
  });
});

describe('the root window', () => {
  it('reaches compaction: a model listed with a small window compacts a history the default window would not', async () => {
    class Listed extends ScriptedProvider {
      async listModels() {
        return [{ name: 'small', contextLength: 4000 }];
      }
    }
    const t = testDeps({ search: '?provider=openai&model=small' });
    const long = 'word '.repeat(2400);
    const store = createAppStore({
      ...t.deps,
      createProvider: () => new Listed((_m, call) => (call === 0 ? `${long}\n\`\`\`repl\nx = 1\n\`\`\`` : call === 1 ? 'Progress: x is 1.' : '```repl\nFINAL(1)\n```')),
    });
    t.sandbox.setStatus({ state: 'ready' });
    await store.getState().refreshModels('openai');
    store.getState().setQuestion('what?');
    await store.getState().startRun();
    // ~12 K characters after iteration 1 pass 85 % of 4,000 tokens, but not of the default window (numCtx).
    expect(store.getState().runEvents.some((e) => e.type === 'compaction')).toBe(true);
  });
});
