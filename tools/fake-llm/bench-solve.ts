/**
 * The one-shot (vanilla) answers of the bench policies, computed in TS from the prompt text that holds the whole
 * context. `bad` gives bench-bad's documented failure for the same question (README.md, "Bench policies").
 */
import type { BenchQuestion } from './bench-questions';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const all = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]);

function labelCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of all(/\|\| Label: (.+)$/gm, text)) counts.set(l, (counts.get(l) ?? 0) + 1);
  return counts;
}

function pairsOf(text: string, label: string): string[] {
  const users = new Set<number>();
  for (const m of text.matchAll(/User: (\d+) \|\|.*\|\| Label: (.+)$/gm)) if (m[2] === label) users.add(Number(m[1]));
  const u = [...users].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < u.length; i++) for (let j = i + 1; j < u.length; j++) out.push(`(${u[i]}, ${u[j]})`);
  return out;
}

function employees(text: string, dept: string, status: string | null): number[] {
  const st = status === null ? '[a-z_]+' : esc(status);
  return all(new RegExp(`\\{"id":\\d+,"department":"${esc(dept)}","status":"${st}","salary":(\\d+)`, 'g'), text).map(Number);
}

function fileOf(text: string, cls: string): string | null {
  const def = new RegExp(`^class ${esc(cls)}\\b`, 'm').exec(text);
  if (!def) return null;
  const head = [...text.slice(0, def.index).matchAll(/^# ===== FILE: (.+?) =====$/gm)].pop();
  return head ? head[1] : null;
}

function methodOwner(text: string, method: string): string | null {
  const def = new RegExp(`^    def ${esc(method)}\\(`, 'm').exec(text);
  if (!def) return null;
  return [...text.slice(0, def.index).matchAll(/^class (\w+)/gm)].pop()?.[1] ?? null;
}

/** Follows the object from hand to hand; bench-bad stops after the first hop. */
function hops(text: string, first: string, object: string, bad: boolean): string | null {
  let who = first;
  for (let hop = 0; hop < 10; hop++) {
    const next = new RegExp(`Clue: ${esc(who)} (?:gave|handed) the ${esc(object)} to (\\w+)\\.`).exec(text);
    if (next) {
      if (bad) return next[1];
      who = next[1];
      continue;
    }
    return new RegExp(`Clue: ${esc(who)} took the ${esc(object)} to the city of (\\w+)`).exec(text)?.[1] ?? null;
  }
  return null;
}

function solve(q: BenchQuestion, text: string, bad: boolean): string | null {
  const [a, b] = q.args;
  switch (q.kind) {
    case 'niah':
      return bad ? '1234567' : (/The secret number is (\d+)\./.exec(text)?.[1] ?? null);
    case 'sniah':
      return bad ? 'SECRET-00000000' : (/secret code is: (SECRET-[A-Z0-9]+)/.exec(text)?.[1] ?? null);
    case 'multi-needle':
      return all(/\[SECRET #\d+: (NEEDLE-[A-Z0-9]+)\]/g, text).slice(0, bad ? 1 : undefined).join(', ');
    case 'oolong-compare': {
      const c = labelCounts(text);
      const [ca, cb] = [c.get(a) ?? 0, c.get(b) ?? 0];
      if (bad) return ca === cb ? a : ca > cb ? b : a;
      return ca === cb ? 'same' : ca > cb ? a : b;
    }
    case 'oolong-count':
      return String((labelCounts(text).get(a) ?? 0) + (bad ? 2 : 0));
    case 'pairs':
      return pairsOf(text, a).slice(0, bad ? 1 : undefined).join('; ');
    case 'json-count':
      return String(employees(text, a, bad ? null : b).length);
    case 'json-sum':
      return String(employees(text, a, bad ? null : b).reduce((n, x) => n + x, 0));
    case 'code-parent':
      return bad ? null : (new RegExp(`^class ${esc(a)}\\((\\w+)\\):`, 'm').exec(text)?.[1] ?? null);
    case 'code-file':
      return bad ? null : fileOf(text, a);
    case 'code-method':
      return bad ? null : methodOwner(text, a);
    case 'code-count':
      return bad ? null : String(text.match(/^class \w+/gm)?.length ?? 0);
    case 'multi-hop':
      return hops(text, a, b, bad);
  }
}

/** The one-shot reply: the answer in a short sentence, or an honest "cannot tell". */
export function vanillaAnswer(q: BenchQuestion, text: string, bad: boolean): string {
  const v = solve(q, text, bad);
  return v ? `The answer is ${v}.` : 'I cannot tell from the text.';
}
