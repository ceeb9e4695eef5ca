import { describe, expect, it } from 'vitest';
import { collectChat } from '../core/call';
import type { ChatMessage, ChatOptions, ChatPart, ChatProvider } from '../core/types';
import { makeUsage } from './util';

/** A stream that ends without a `done` part: the engine must estimate the call itself. */
class SilentUsage implements ChatProvider {
  readonly kind = 'openai' as const;
  readonly endpoint = 'test://silent';
  constructor(private readonly reply: string) {}
  async listModels() {
    return [];
  }
  async *chat(_m: ChatMessage[], _o: ChatOptions): AsyncIterable<ChatPart> {
    yield { type: 'thinking', text: 'hmm, ' };
    yield { type: 'text', text: this.reply };
  }
}

const PROMPT: ChatMessage[] = [
  { role: 'system', content: 'You have a REPL with `context`.' },
  { role: 'user', content: 'What is the secret number? Your context is a str of 1,234 chars.' },
];

describe('token estimates', () => {
  it('the engine and the providers estimate an unreported call alike', async () => {
    const r = await collectChat(new SilentUsage('The number is 42.'), PROMPT, { model: 'm' });
    const outChars = 'hmm, '.length + 'The number is 42.'.length;
    // What a provider reports for the same call when the server sends no counts.
    expect(r.usage).toEqual(makeUsage({}, PROMPT, outChars));
    expect(r.usage).toEqual({ inputTokens: Math.ceil(95 / 4), outputTokens: Math.ceil(22 / 4), estimated: true });
  });
});
