/**
 * An OpenAI chat request → an RLM question: the last user message is the question, long user content is context (it
 * never enters the prompt), and the earlier short turns are a session history the model can read in the REPL.
 */
import type { ChatMessage } from '../../core/types';
import type { NamedContext } from '../context';

export interface WireMessage {
  role: string;
  content: string | { type: string; text?: string }[] | null;
}

export interface RlmRequest {
  question: string;
  contexts: NamedContext[];
  history: ChatMessage[];
}

/** Content longer than this (characters) is data, not conversation. */
export const DEFAULT_CONTEXT_CHARS = 2000;

const textOf = (c: WireMessage['content']): string[] =>
  c === null ? [] : typeof c === 'string' ? [c] : c.filter((p) => p.type === 'text' && typeof p.text === 'string').map((p) => p.text!);

/** The question out of a long last message: its last paragraph; what comes before it is context. */
function splitLong(text: string): { question: string; context: string | null } {
  const cut = text.trimEnd().lastIndexOf('\n\n');
  if (cut <= 0) return { question: text, context: null };
  return { question: text.slice(cut).trim(), context: text.slice(0, cut) };
}

export function toRlmRequest(messages: WireMessage[], contextChars = DEFAULT_CONTEXT_CHARS): RlmRequest {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  if (lastUser < 0) throw new Error('messages has no user message: the last user message is the question.');
  const contexts: NamedContext[] = [];
  const addContext = (text: string) => contexts.push({ name: `message_${contexts.length}.txt`, content: text });
  const history: ChatMessage[] = [];
  messages.slice(0, lastUser).forEach((m) => {
    const parts = textOf(m.content);
    if (m.role === 'user' && parts.some((p) => p.length > contextChars)) parts.forEach((p) => (p.length > contextChars ? addContext(p) : history.push({ role: 'user', content: p })));
    else if (m.role === 'user' || m.role === 'assistant' || m.role === 'system') history.push({ role: m.role, content: parts.join('\n') });
  });
  const parts = textOf(messages[lastUser].content);
  // Several parts: the last is the question, the others its material; one long part: split off its last paragraph.
  const lead: string[] = [];
  parts.slice(0, -1).forEach((p) => (p.length > contextChars ? addContext(p) : lead.push(p)));
  let question = [...lead, parts.at(-1) ?? ''].join('\n');
  if (question.length > contextChars) {
    const s = splitLong(question);
    if (s.context) addContext(s.context);
    question = s.question;
  }
  if (!question.trim()) throw new Error('The last user message is empty: it must hold the question.');
  return { question, contexts, history };
}
