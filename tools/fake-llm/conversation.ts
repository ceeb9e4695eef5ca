/**
 * Reads an RLM conversation the way a model would: what was asked, how many
 * turns it has taken, what the REPL printed last. Stateless on purpose: the
 * same conversation always gets the same answer.
 */
import type { Msg } from './text';

export interface Convo {
  question: string;
  /** Assistant turns already taken (0 on the first call). */
  turn: number;
  /** The newest REPL output the model has been shown, if any. */
  lastOutput: string | null;
  /** The engine asked for a final answer without code (out of iterations). */
  forced: boolean;
  /** An llm_query sub-call: a single user message, no system prompt. */
  subcall: boolean;
}

const FORCED_RE = /used all (your|of your) iterations|final answer now|provide a final answer|do not write any more code/i;

export function isSubcall(messages: readonly Msg[]): boolean {
  const hasReplSystem = messages.some((m) => m.role === 'system' && /repl/i.test(m.content));
  return !hasReplSystem && messages.filter((m) => m.role !== 'system').length === 1 && messages.some((m) => m.role === 'user');
}

/** The question from "Answer the following: …" (official and our engine's first message), else the first user text. */
export function extractQuestion(messages: readonly Msg[]): string {
  for (const m of messages) {
    if (m.role !== 'user') continue;
    const hit = /Answer the following:\s*([\s\S]*?)(?:\n\s*\n|$)/.exec(m.content);
    if (hit) return hit[1].trim();
  }
  const first = messages.find((m) => m.role === 'user')?.content ?? '';
  return first.split(/\n\s*\n/)[0].trim();
}

export function readConvo(messages: readonly Msg[]): Convo {
  const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
  const after = messages.slice(lastAssistant + 1).filter((m) => m.role === 'user');
  const output = [...after].reverse().find((m) => /REPL output/i.test(m.content));
  const last = messages[messages.length - 1];
  return {
    question: extractQuestion(messages),
    turn: messages.filter((m) => m.role === 'assistant').length,
    lastOutput: output ? output.content : null,
    forced: !!last && FORCED_RE.test(last.content),
    subcall: isSubcall(messages),
  };
}

/** The last line that looks like a result (not the variables list, not a turn note). */
export function lastResultLine(output: string | null): string | null {
  if (!output) return null;
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^REPL (output|variables)/i.test(l) && !/^Turn \d+/i.test(l) && !/^stderr:?$/i.test(l));
  return lines.length ? lines[lines.length - 1] : null;
}

/** A `key: value` line the solver's own code printed, e.g. `RESULT: 168`. */
export function printedValue(output: string | null, key: string): string | null {
  if (!output) return null;
  const m = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(output);
  return m ? m[1].trim() : null;
}

export function hasError(output: string | null): boolean {
  return !!output && /Traceback|\b[A-Z][a-zA-Z]*Error\b|stderr:/.test(output);
}
