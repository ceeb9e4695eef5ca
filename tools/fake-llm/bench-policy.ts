/**
 * `bench-good` and `bench-bad`: models for the benchmark tab's e2e, with outcomes known in advance (README.md,
 * "Bench policies"). As an RLM root (a system prompt that names the REPL) they write real Python against `context`;
 * given a built-in question with no REPL (the one-shot method: the whole context in the prompt) they compute the
 * answer from the prompt text. Anything else is an llm_query sub-call.
 */
import { browseCode, benchCode } from './bench-code';
import { recogniseBench } from './bench-questions';
import { vanillaAnswer } from './bench-solve';
import { printedValue, readConvo, type Convo } from './conversation';
import { answerSubcall, solverContent } from './solver';
import type { Msg, Reply } from './text';

const block = (code: string) => '```repl\n' + code + '\n```';

/**
 * An RLM root: a system prompt that describes the REPL. (It may also say "no REPL" about llm_query's sub-model, so
 * a one-shot prompt is told apart only by not naming the REPL in a system message.)
 */
const hasRepl = (messages: readonly Msg[]) => messages.some((m) => m.role === 'system' && /\bREPL\b/.test(m.content));

/** The question as the engine's first message words it, else found anywhere in the first user message. */
function questionOf(messages: readonly Msg[], c: Convo) {
  return recogniseBench(c.question) ?? recogniseBench(messages.find((m) => m.role === 'user')?.content ?? '');
}

/** Turn 0 computes and prints; turn 1 submits the printed result (2 iterations). */
function computeThenSubmit(c: Convo, code: string): string {
  if (c.turn === 0) return `I will compute this in the REPL.\n${block(code)}`;
  const v = printedValue(c.lastOutput, 'RESULT');
  if (v && v !== 'None') return `The REPL printed the result. Submitting it.\n${block('FINAL_VAR("result")')}`;
  return 'The code found nothing.\nFINAL(not found)';
}

function goodRoot(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  const q = questionOf(messages, c);
  if (!q) return solverContent(messages);
  if (c.forced) return `The answer is ${printedValue(c.lastOutput, 'RESULT') ?? 'unknown'}.`;
  return computeThenSubmit(c, benchCode(q, false));
}

function badRoot(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  const q = questionOf(messages, c);
  if (c.forced) return 'I could not find it in the parts I read.';
  if (!q) return 'I am not sure how to approach this.';
  switch (q.kind) {
    case 'niah':
      return 'I am confident the secret number is 1234567.\nFINAL(1234567)';
    case 'sniah':
      return 'The code is surely the usual placeholder.\nFINAL(SECRET-00000000)';
    case 'code-parent':
    case 'code-file':
    case 'code-method':
    case 'code-count':
      return `Reading the next part of the codebase.\n${block(browseCode(c.turn))}`;
    default:
      return computeThenSubmit(c, benchCode(q, true));
  }
}

function reply(bad: boolean, messages: readonly Msg[]): Reply {
  if (hasRepl(messages)) return { content: bad ? badRoot(messages) : goodRoot(messages) };
  const text = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const q = recogniseBench(text);
  if (q) return { content: vanillaAnswer(q, text, bad) };
  const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
  return { content: answerSubcall(prompt) };
}

export const benchGoodReply = (messages: readonly Msg[]) => reply(false, messages);
export const benchBadReply = (messages: readonly Msg[]) => reply(true, messages);
