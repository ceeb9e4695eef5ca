/** Conversation shapes and token helpers shared by the fake server's parts. */

export type Role = 'system' | 'user' | 'assistant';

export interface Msg {
  role: Role;
  content: string;
}

/** One model answer before it is cut into protocol chunks. */
export interface Reply {
  content: string;
  thinking?: string;
  /**
   * Stream this reply at a set rate instead of the server's: chunks of `chunkChars` (4 ≈ one token), one every
   * `delayMs` on a fixed schedule (so timer overshoot does not slow the rate). Only this reply: a script can make
   * quick turns and then one slow stream (tools/bench viz.ts streams 200 tokens/s with { chunkChars: 4, delayMs: 5 }).
   */
  pace?: { chunkChars: number; delayMs: number };
}

export interface Piece {
  kind: 'thinking' | 'text';
  text: string;
}

export function countTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function promptTokens(messages: readonly Msg[]): number {
  return countTokens(messages.reduce((n, m) => n + m.content.length, 0));
}

/**
 * Cuts text into small word-ish chunks (a few tokens each) so streaming is
 * visible; long texts get bigger chunks so a stream stays well under a second.
 */
export function splitChunks(text: string, target = 12): string[] {
  if (!text) return [];
  const size = Math.max(target, Math.ceil(text.length / 200));
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    // Prefer ending after a space so chunks look like tokens.
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > i) end = space + 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Cuts text into pieces of exactly `size` chars (the last may be shorter). */
export function fixedChunks(text: string, size: number): string[] {
  const n = Math.max(1, Math.floor(size));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

export function toPieces(reply: Reply, withThinking: boolean): Piece[] {
  const split = reply.pace ? (t: string) => fixedChunks(t, reply.pace!.chunkChars) : (t: string) => splitChunks(t);
  const thinking = withThinking && reply.thinking ? split(reply.thinking).map((t) => ({ kind: 'thinking' as const, text: t })) : [];
  return [...thinking, ...split(reply.content).map((t) => ({ kind: 'text' as const, text: t }))];
}

/** Flattens the content shapes the three APIs allow (string, or a list of text parts/blocks). */
export function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : typeof p?.text === 'string' ? p.text : ''))
      .join('');
  }
  return content == null ? '' : String(content);
}

export function toMsgs(raw: unknown): Msg[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((m) => ({
    role: m?.role === 'assistant' || m?.role === 'system' ? m.role : m?.role === 'developer' ? 'system' : 'user',
    content: flattenContent(m?.content),
  }));
}
