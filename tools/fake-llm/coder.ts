/**
 * The `coder` policy: does exactly what the question says in code. Turn 1 runs the code the question quotes in
 * backticks (`x = 6 * 7; print(x)`), turn 2 answers with the last line the REPL printed (an error line included).
 * Stateless like every policy, so over a session (each turn a new conversation on one REPL) a test scripts each
 * turn by its question: turn 2 can read a variable turn 1 made, turn 3 `context_1` or `history_0`.
 */
import { lastResultLine, readConvo } from './conversation';
import type { Msg } from './text';

const block = (code: string) => '```repl\n' + code + '\n```';

/** The code quoted in the question: the first `…` span (or ```…```), with `;` left as Python reads it. */
export function quotedCode(question: string): string | null {
  const m = /```(?:repl|python)?\s*\n?([\s\S]+?)```|`([^`]+)`/.exec(question);
  const code = (m?.[1] ?? m?.[2])?.trim();
  return code || null;
}

export function coderContent(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  if (c.forced) return 'I could not finish.';
  const code = quotedCode(c.question);
  if (!code) return c.turn === 0 ? `The question quotes no code, so I look at the context.\n${block('print(type(context).__name__, len(context))')}` : 'FINAL(no code given)';
  if (c.turn === 0) return `I will run the code the question gives.\n${block(code)}`;
  const line = lastResultLine(c.lastOutput) ?? '(no output)';
  return `The REPL printed it.\nFINAL(${line})`;
}
