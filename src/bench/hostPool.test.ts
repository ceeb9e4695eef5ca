import { describe, expect, test } from 'vitest';
import type { ChatOptions, ChatPart, ChatProvider } from '../core/types';
import { collectChat } from '../core/call';
import { LeastBusyProvider } from './hostPool';

function host(name: string, seen: string[], hold: Promise<void>): ChatProvider {
  return {
    kind: 'ollama', endpoint: `http://${name}`, listModels: async () => [],
    async *chat(_m, o: ChatOptions): AsyncIterable<ChatPart> {
      seen.push(name);
      await hold;
      yield { type: 'text', text: name };
      yield { type: 'done', usage: { inputTokens: 1, outputTokens: 1, estimated: false }, model: o.model };
    },
  };
}

describe('LeastBusyProvider', () => {
  test('each call goes to the host with the fewest calls in flight across the shared map; ties to the first', async () => {
    let open!: () => void;
    const hold = new Promise<void>((r) => (open = r));
    const seen: string[] = [];
    const busy = new Map<string, number>();
    const a = { key: 'A', provider: host('a', seen, hold) };
    const b = { key: 'B', provider: host('b', seen, hold) };
    const trial1 = new LeastBusyProvider([a, b], busy);
    const trial2 = new LeastBusyProvider([b, a], busy);
    const msg = [{ role: 'user' as const, content: 'x' }];
    const calls = [collectChat(trial1, msg, { model: 'm' }), collectChat(trial1, msg, { model: 'm' }), collectChat(trial2, msg, { model: 'm' })];
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['a', 'b', 'b']);
    expect([busy.get('A'), busy.get('B')]).toEqual([1, 2]);
    open();
    expect((await Promise.all(calls)).map((c) => c.content)).toEqual(['a', 'b', 'b']);
    expect([busy.get('A'), busy.get('B')]).toEqual([0, 0]);
  });
});
