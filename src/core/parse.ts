/** Reading a model's response: which code to run and whether it answered in prose. */

export interface CodeBlock {
  code: string;
  lang: 'repl' | 'python';
}

export type ProseFinal = { kind: 'FINAL'; value: string } | { kind: 'FINAL_VAR'; name: string };

// A fence opens at a line start; the closing fence may be the last thing in the text.
const FENCE = /(^|\n)[ \t]*```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*```|$(?![\s\S]))/g;

interface Fence {
  lang: string;
  body: string;
  start: number;
  end: number;
}

function fences(text: string): Fence[] {
  const out: Fence[] = [];
  for (const m of text.matchAll(FENCE)) {
    const start = (m.index ?? 0) + m[1].length;
    out.push({ lang: m[2].toLowerCase(), body: m[3], start, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** The text around the fenced blocks: a response's prose, as the notebook shows it beside the code. */
export function withoutFences(text: string): string {
  let out = '';
  let at = 0;
  for (const f of fences(text)) {
    out += text.slice(at, f.start);
    at = f.end;
  }
  return (out + text.slice(at)).replace(/\n{3,}/g, '\n\n').trim();
}

const PYTHON_LANGS = new Set(['python', 'py', 'python3']);

/**
 * The fences that run, in order. Only ```repl runs, as in the official RLM;
 * if there is none, ```python / ```py blocks run instead, because small local
 * models often ignore the repl tag, and the caller records that it happened.
 */
function runnable(all: Fence[]): Fence[] {
  const repl = all.filter((f) => f.lang === 'repl');
  return repl.length ? repl : all.filter((f) => PYTHON_LANGS.has(f.lang));
}

/** The blocks to run, in order (see `runnable`). */
export function extractCode(response: string): CodeBlock[] {
  return runnable(fences(stripThinkTags(response))).map((f) => ({
    code: f.body,
    lang: f.lang === 'repl' ? ('repl' as const) : ('python' as const),
  }));
}

/** A response cut into prose and fences, in order; `block` is the 1-based number a fence runs as, null if never. */
export type ResponsePart =
  | { kind: 'prose'; text: string }
  | { kind: 'fence'; lang: string; body: string; block: number | null };

export function responseParts(response: string): ResponsePart[] {
  const text = stripThinkTags(response);
  const all = fences(text);
  const run = runnable(all);
  const parts: ResponsePart[] = [];
  const prose = (t: string) => t.trim() && parts.push({ kind: 'prose', text: t.trim() });
  let pos = 0;
  for (const f of all) {
    prose(text.slice(pos, f.start));
    const i = run.indexOf(f);
    parts.push({ kind: 'fence', lang: f.lang, body: f.body, block: i < 0 ? null : i + 1 });
    pos = f.end;
  }
  prose(text.slice(pos));
  return parts;
}

/** Some servers inline reasoning as <think>…</think> in the content; it is never the answer. */
function stripThinkTags(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$(?![\s\S]))/g, '');
}

export function withoutCode(response: string): string {
  const text = stripThinkTags(response);
  let out = '';
  let pos = 0;
  for (const f of fences(text)) {
    out += text.slice(pos, f.start);
    pos = f.end;
  }
  return out + text.slice(pos);
}

const FINAL_VAR_LINE = /^[ \t]*FINAL_VAR\(\s*["'`]?([A-Za-z_][A-Za-z0-9_]*)["'`]?\s*\)/m;
// Lazy up to a ")" that ends a line, so "(a) foo)" and multi-line answers both work.
const FINAL_LINE = /^[ \t]*FINAL\(([\s\S]*?)\)[ \t]*$/m;

/** FINAL(...) / FINAL_VAR(...) written on its own line outside code. */
export function parseProseFinal(response: string): ProseFinal | null {
  const prose = withoutCode(response);
  const fv = FINAL_VAR_LINE.exec(prose);
  const f = FINAL_LINE.exec(prose);
  if (fv && (!f || fv.index <= f.index)) return { kind: 'FINAL_VAR', name: fv[1] };
  if (f) return { kind: 'FINAL', value: unquote(f[1].trim()) };
  return null;
}

function unquote(s: string): string {
  const m = /^(["'`])([\s\S]*)\1$/.exec(s);
  return m ? m[2] : s;
}

/**
 * The forced last answer is the reply's prose: code blocks (any fence) are dropped, since nothing runs any more and
 * code is not an answer. A model that still wraps its answer in FINAL() means the inside. `none` is what stands
 * in for a reply with no prose: it says why the run ended (see noAnswer).
 */
export function forcedAnswer(response: string, none: string): string {
  const f = parseProseFinal(response);
  if (f?.kind === 'FINAL') return f.value;
  const prose = withoutCode(response).replace(/\n{3,}/g, '\n\n').trim();
  return prose || none;
}

/** The text of a run that ended without an answer: its real stop (`why`, null = the iterations ran out). */
export function noAnswer(why: string | null, maxIterations: number): string {
  return why
    ? `(No answer: the run ended before the model answered: ${why}.)`
    : `(No answer: the model used all ${maxIterations} iterations without answering.)`;
}
