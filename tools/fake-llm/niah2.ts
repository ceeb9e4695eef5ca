/**
 * The `niah2` policy: the 2-turn needle-in-a-haystack run a competent model writes. Turn 1 is one regex over the
 * whole `context` string (no splitting into lines) for the phrase the question names, printing the captured value;
 * turn 2 submits that printed value with a prose FINAL(...). It decides from the conversation only: the phrase comes
 * from the question, the answer from the REPL output. Anything that is not a needle question goes to `solver`.
 */
import { lastResultLine, readConvo, type Convo } from './conversation';
import { classify, solverContent } from './solver';
import type { Msg } from './text';

const block = (code: string) => '```repl\n' + code + '\n```';

/** "secret number", "magic code", "hidden key", "passcode"… as the question words it. */
const PHRASE = /\b(?:(?:secret|magic|hidden|special)\s+(?:number|code|key|word|value|token|passcode|password)|passcode|password)\b/i;

interface Needle {
  /** The phrase, lower-cased the way sentences write it mid-line ("The secret number is …"). */
  phrase: string;
  /** What a value looks like: digits for a number, else a code like SECRET-7QX2LM9A. */
  value: string;
}

export function needleOf(question: string): Needle | null {
  const m = PHRASE.exec(question);
  if (!m) return null;
  const phrase = m[0].toLowerCase().replace(/\s+/g, ' ');
  return { phrase, value: /number/.test(phrase) ? String.raw`(\d+)` : String.raw`([A-Za-z0-9][A-Za-z0-9-]*)` };
}

/**
 * A regex body for Python's r"…" (the phrase is letters and spaces: nothing to escape). It starts with the phrase as
 * a literal so `re` scans for that prefix instead of trying the pattern at every character.
 */
function pattern(n: Needle): string {
  return String.raw`${n.phrase}\s*(?:is|:)\s*:?\s*` + n.value;
}

function search(n: Needle, caseInsensitive: boolean): string {
  const flags = caseInsensitive ? ', re.I' : '';
  return `import re; m = re.search(r"${pattern(n)}", context${flags}); print(m.group(1) if m else None)`;
}

/** The value the turn-1 block printed, when it printed one (not `None`, not an error). */
function printed(c: Convo, n: Needle): string | null {
  const v = lastResultLine(c.lastOutput);
  if (!v || v === 'None') return null;
  return new RegExp(`^${n.value}$`).test(v) ? v : null;
}

export function niah2Content(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  const n = needleOf(c.question);
  if (!n || classify(c.question) !== 'niah') return solverContent(messages);
  if (c.forced) return `The REPL never printed the ${n.phrase}.`;
  if (c.turn === 0) return `I will search the whole context for the ${n.phrase} with one regex.\n${block(search(n, false))}`;
  const v = printed(c, n);
  if (v) return `The REPL printed the ${n.phrase}: ${v}.\nFINAL(${v})`;
  // Case or spacing differed from the question's wording: one broader try, then give up honestly.
  if (c.turn === 1) return `Nothing matched as written; trying again ignoring case.\n${block(search(n, true))}`;
  return `The ${n.phrase} is not in the context.\nFINAL(not found)`;
}
