import type { ChatMessage, ChatOptions, ChatProvider, Usage } from './types';
import { estimateUsage } from './usage';

export interface CallResult {
  content: string;
  thinking: string;
  usage: Usage;
  model: string;
}

/** Drains one streamed chat call, passing tokens on as they come. */
export async function collectChat(
  provider: ChatProvider,
  messages: ChatMessage[],
  opts: ChatOptions,
  onToken?: (channel: 'content' | 'thinking', text: string) => void,
): Promise<CallResult> {
  let content = '';
  let thinking = '';
  let usage: Usage | null = null;
  let model = opts.model;
  for await (const part of provider.chat(messages, opts)) {
    if (part.type === 'text') {
      content += part.text;
      onToken?.('content', part.text);
    } else if (part.type === 'thinking') {
      thinking += part.text;
      onToken?.('thinking', part.text);
    } else {
      usage = part.usage;
      model = part.model || model;
    }
  }
  return { content, thinking, usage: usage ?? estimateUsage(messages, content.length + thinking.length), model };
}
