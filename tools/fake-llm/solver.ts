/**
 * The `solver` policy: a competent RLM model that never sees the data. Each
 * turn it writes code against `context` and decides the next step from what
 * the REPL printed, so a right answer proves the loop works end to end.
 */
import { hasError, lastResultLine, printedValue, readConvo, type Convo } from './conversation';
import type { Msg } from './text';

const py = (s: string) => JSON.stringify(s);
const block = (code: string) => '```repl\n' + code.trim() + '\n```';

const PRELUDE = `import re, json
text = context if isinstance(context, str) else json.dumps(context)
lines = text.splitlines()`;

const NEEDLE_SEARCH = `${PRELUDE}
pattern = re.compile(r"secret|magic|hidden|needle|passcode|password", re.I)
cands = [ln.strip() for ln in lines if pattern.search(ln)]
cands.sort(key=lambda ln: 0 if re.search(r"\\d{4,}|[A-Z]+-[A-Z0-9]{4,}", ln) else 1)`;

type Kind = 'niah' | 'primes' | 'count' | 'arith' | 'explore';

export function classify(question: string): Kind {
  if (/\b(secret|magic|hidden|needle|passcode|password)\b/i.test(question)) return 'niah';
  if (/\bprimes?\b/i.test(question) && /\d/.test(question)) return 'primes';
  if (/how many (lines|rows|entries|records|times)|count (the )?(lines|occurrences)/i.test(question)) return 'count';
  if (arithmetic(question)) return 'arith';
  return 'explore';
}

function arithmetic(q: string): string | null {
  const m = /(?:what is|compute|calculate|evaluate)\s+([-+*/%^().\d\s]+?)\s*\??$/i.exec(q.trim());
  if (!m || !/\d\s*[-+*/%^]\s*[\d(]/.test(m[1])) return null;
  return m[1].replace(/\^/g, '**').trim();
}

/** The solver's reply (content only) for a root conversation. */
export function solverContent(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  if (c.forced) return forcedAnswer(c);
  // Bounded: a model that is still stuck after many turns commits to what it has.
  if (c.turn >= 8) return `I have enough to answer.\nFINAL(${lastResultLine(c.lastOutput) ?? 'unknown'})`;
  switch (classify(c.question)) {
    case 'niah':
      return niah(c);
    case 'primes':
      return computeThenFinal(c, primesCode(c.question), 'I will compute this directly with a sieve.');
    case 'count':
      return computeThenFinal(c, countCode(c.question), 'I will count with code instead of reading the text.');
    case 'arith':
      return computeThenFinal(c, `result = ${arithmetic(c.question)}\nprint("RESULT:", result)`, 'Let me compute that.');
    default:
      return explore(c);
  }
}

function forcedAnswer(c: Convo): string {
  const v = printedValue(c.lastOutput, 'RESULT') ?? printedValue(c.lastOutput, 'SUB-LLM') ?? lastResultLine(c.lastOutput);
  return v ? `Based on the REPL output, the answer is ${v}.` : 'I could not determine the answer from the REPL output.';
}

/** The `result` variable, once printed by an earlier block, becomes the answer. */
function finalIfPrinted(c: Convo): string | null {
  const v = printedValue(c.lastOutput, 'RESULT');
  if (v && v !== 'None') return `The REPL printed the result (${v}). Submitting it.\n${block('FINAL_VAR("result")')}`;
  return null;
}

function computeThenFinal(c: Convo, code: string, intro: string): string {
  if (c.turn > 0 && !hasError(c.lastOutput)) {
    const fin = finalIfPrinted(c);
    if (fin) return fin;
  }
  if (c.turn >= 2) return explore(c);
  return `${intro}\n${block(code)}`;
}

function niah(c: Convo): string {
  if (c.turn === 0) {
    return `First I will measure the context and search it for the needle with a regex.\n${block(`${NEEDLE_SEARCH}
print("CHARS:", len(text), "LINES:", len(lines))
print("CANDIDATES:", len(cands))
for ln in cands[:5]:
    print("  ", ln[:300])
print("SEVEN_DIGIT:", re.findall(r"\\b\\d{7}\\b", text)[:10])`)}`;
  }
  const fin = finalIfPrinted(c);
  if (fin) return fin;
  const found = Number(printedValue(c.lastOutput, 'CANDIDATES') ?? '0');
  if (found > 0) {
    return `The search found ${found} candidate line(s). I will ask a sub-LLM to read the best one and submit its answer.\n${block(`${NEEDLE_SEARCH}
needle_line = cands[0]
reply = llm_query(f"Reply with only the secret value stated in this sentence: {needle_line}")
result = reply.strip()
print("SUB-LLM:", result)
FINAL_VAR("result")`)}`;
  }
  if (printedValue(c.lastOutput, 'RARE_NUMBERS') === null) {
    return `No line names the needle. I will look for numbers that occur exactly once.\n${block(`${PRELUDE}
from collections import Counter
counts = Counter(re.findall(r"\\b\\d{5,}\\b", text))
rare = [n for n, k in counts.items() if k == 1]
print("RARE_NUMBERS:", rare[:10])
result = rare[0] if len(rare) == 1 else None
print("RESULT:", result)`)}`;
  }
  return `I could not find it.\nFINAL(not found)`;
}

function primesCode(q: string): string {
  const m = /(?:below|under|less than|smaller than|up to|<)\s*([\d,_]+)/i.exec(q) ?? /([\d,_]{2,})/.exec(q);
  const n = Number((m?.[1] ?? '100').replace(/[,_]/g, '')) + (/up to/i.test(q) ? 1 : 0);
  const what = /\bsum\b/i.test(q) ? 'sum(primes)' : /how many|count|number of/i.test(q) ? 'len(primes)' : '", ".join(map(str, primes))';
  return `N = ${n}
sieve = bytearray([1]) * max(N, 2)
sieve[0:2] = b"\\x00\\x00"
for i in range(2, int(N ** 0.5) + 1):
    if sieve[i]:
        sieve[i*i::i] = bytearray(len(range(i*i, max(N, 2), i)))
primes = [i for i in range(N) if sieve[i]]
result = ${what}
print("PRIMES:", len(primes), "largest:", primes[-1] if primes else None)
print("RESULT:", result)`;
}

/** "how many lines contain 'ERROR'" / "how many times does foo appear". */
function countCode(q: string): string {
  const quoted = /["'`“‘]([^"'`”’]+)["'`”’]/.exec(q)?.[1];
  const word = /(?:contain|contains|mention|mentions|with|include|includes|does)\s+(?:the\s+(?:word|string|text)\s+)?([^\s?,.]+)/i.exec(q)?.[1];
  if (quoted === undefined && word === undefined) {
    // "How many lines are in the context?": the plain line count.
    return `${PRELUDE}
result = len(lines)
print("RESULT:", result)`;
  }
  const needle = quoted ?? word ?? '';
  const times = /how many times|occurrences/i.test(q);
  const exact = quoted !== undefined;
  const count = times
    ? exact ? 'text.count(needle)' : 'text.lower().count(needle.lower())'
    : exact ? 'sum(1 for ln in lines if needle in ln)' : 'sum(1 for ln in lines if needle.lower() in ln.lower())';
  return `${PRELUDE}
needle = ${py(needle)}
result = ${count}
print("LINES:", len(lines))
print("RESULT:", result)`;
}

function explore(c: Convo): string {
  if (c.turn === 0 || (hasError(c.lastOutput) && c.turn < 3)) {
    return `Let me look at the context first.\n${block(`${PRELUDE}
print("TYPE:", type(context).__name__, "CHARS:", len(text), "LINES:", len(lines))
print(text[:500])`)}`;
  }
  const fin = finalIfPrinted(c);
  if (fin) return fin;
  return `I will ask a sub-LLM to answer from the text and submit that.\n${block(`${PRELUDE}
question = ${py(c.question)}
result = llm_query(f"Answer the question using the text below.\\nQuestion: {question}\\n\\nText:\\n{text[:50000]}")
print("RESULT:", result)
FINAL_VAR("result")`)}`;
}

/** Reasoning for `solver-think`, with a draft block that must never run (it is thinking, not text). */
export function solverThinking(messages: readonly Msg[]): string {
  const c = readConvo(messages);
  return `The user asks: "${c.question}". This is turn ${c.turn + 1}. I must not guess: the data is only in \`context\`, so I will work through the REPL. A draft I will NOT submit:\n\`\`\`repl\nprint("DRAFT-FROM-THINKING")\n\`\`\`\nNow the real step.`;
}

const NEEDLE_VALUE = /\b(?:secret|magic|hidden|special|passcode|password)\b[^\n]*?(?:\bis\b|:)\s*:?\s*\[?([A-Za-z0-9][A-Za-z0-9-]*)/gi;

/** A stated value looks like a number or a code; this skips "…stated in this sentence: The". */
function needleValue(prompt: string): string | undefined {
  for (const m of prompt.matchAll(NEEDLE_VALUE)) if (/\d|-/.test(m[1])) return m[1];
  return undefined;
}

/** What the fake sub-LLM says to an llm_query prompt: the value it was shown, or NONE. */
export function answerSubcall(prompt: string): string {
  const needle = needleValue(prompt);
  if (needle) return needle;
  if (/\bNONE\b/.test(prompt)) return 'NONE';
  if (/only the (number|value)/i.test(prompt)) return /\d+/.exec(prompt)?.[0] ?? 'NONE';
  const text = prompt.split(/Text:\s*\n/)[1] ?? prompt;
  const first = text.trim().split(/(?<=[.!?])\s|\n/)[0] ?? '';
  return first ? `The text begins: ${first.slice(0, 200)}` : 'The text is empty.';
}
