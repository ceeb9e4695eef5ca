import type { ChatMessage, ContextMeta, ExecResult } from './types';
import type { SessionInfo } from './events';
import { sessionNotes } from './session-prompt';
import { defaultSystemPrompt, firstUserMessage, type PromptStrategy } from './strategies';
import { turnNote } from './turn-note';
import { DEFAULT_STRATEGY } from './settings';
import { SKIPPED_NOTE } from './step';

export { turnNote };

/** Cuts text to `max` characters, saying how much was cut (the official marker). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... + [${(text.length - max).toLocaleString('en-US')} chars...]`;
}

function formatBlockOutput(r: ExecResult, max: number): string {
  // Nothing ran, so there is no output and no new variable list to report.
  if (r.skipped) return SKIPPED_NOTE;
  // stdout and stderr are cut separately so a flood of prints cannot hide the error.
  const parts: string[] = [];
  if (r.stdout) parts.push(truncate(r.stdout.replace(/\n$/, ''), max));
  if (r.stderr) parts.push(`stderr:\n${truncate(r.stderr.replace(/\n$/, ''), max)}`);
  if (r.reset) parts.push(`NOTE: ${r.reset}`);
  if (!parts.length) parts.push('(no output)');
  return `${parts.join('\n')}\nREPL variables: [${r.variables.join(', ')}]`;
}

/** All block outputs of one turn as the single user message the model sees next. */
export function feedbackMessage(
  results: ExecResult[],
  max: number,
  extra: string[],
  nextTurn: number,
  maxIterations: number,
): string {
  const blocks =
    results.length === 1
      ? [`REPL output:\n${formatBlockOutput(results[0], max)}`]
      : results.map((r, i) => `REPL output (block ${i + 1}):\n${formatBlockOutput(r, max)}`);
  const ran = results.some((r) => !r.skipped);
  return [...blocks, ...extra, '', turnNote(nextTurn, maxIterations, ran)].join('\n\n').trim();
}

export const NO_CODE_NOTE =
  'Your last response had no ```repl code block, so nothing was run. Write code in a ```repl block, or give your final answer with FINAL(...).';

export const FORCED_ANSWER_PROMPT =
  'You have used all your iterations. Do not write any more code. Based on everything above, give your final answer now, as plain text.';

export interface InitialMessageOptions {
  /** DEFAULT_STRATEGY when absent. */
  strategy?: PromptStrategy;
  /** The run's own system prompt, used verbatim instead of the strategy's default. */
  systemPrompt?: string;
  /** Appended to the default system prompt (ignored with an override, which is the whole text). */
  extraSections?: readonly string[];
  /** A session's later turn: what the REPL holds besides `context`. */
  session?: SessionInfo;
}

/** The system prompt and the first user message of a run. */
export function buildInitialMessages(
  question: string,
  meta: ContextMeta | null,
  maxIterations: number,
  opts: InitialMessageOptions = {},
): ChatMessage[] {
  const strategy = opts.strategy ?? DEFAULT_STRATEGY;
  // An empty override (a cleared editor) means "the default", not an empty system prompt.
  const system = opts.systemPrompt?.trim() ? opts.systemPrompt : defaultSystemPrompt(strategy, { extraSections: opts.extraSections });
  return [
    { role: 'system', content: system },
    { role: 'user', content: firstUserMessage(strategy, question, meta, maxIterations, sessionNotes(opts.session)) },
  ];
}
