/**
 * Scorers: one answer string (or null when the run gave none) against the expected string. Each returns partial
 * credit where the anchors give it and a one-line reason a user can read in the results table.
 */
import { LABELS } from './tasks/records';
import type { Score, ScorerName } from './types';

/** Partial-credit scorers count as correct from this score (minRLM's "≥ 80 % found"). */
export const PASS_MARK: Record<ScorerName, number> = { exact: 1, number: 1, contains: 1, oolong: 1, 'set-f1': 0.8, 'multi-needle': 0.8 };

const score = (scorer: ScorerName, s: number, detail: string): Score => ({ score: s, correct: s >= PASS_MARK[scorer] - 1e-9, detail });

const PREFIX = /^(?:(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)\s*|final\s*:\s*)/i;

/** What an exact comparison sees: no prose prefix, no wrapping quotes or markup, no closing period, one case. */
export function normalise(s: string): string {
  let t = s.trim().replace(PREFIX, '').trim();
  for (let i = 0; i < 2; i++) t = t.replace(/^[\s"'`*_“‘(]+|[\s"'`*_”’)]+$/g, '').replace(/\.$/, '');
  return t.replace(/\s+/g, ' ').toLowerCase();
}

const NUMBER = /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/g;

/** Every number written in the answer, with thousands separators removed ("1,234,567" → 1234567). */
export function numbersIn(s: string): number[] {
  return [...s.matchAll(NUMBER)].map((m) => Number(m[0].replace(/,/g, '')));
}

const toNumber = (s: string) => Number(s.trim().replace(/,/g, ''));

function exact(answer: string, expected: string): Score {
  const a = normalise(answer);
  const e = normalise(expected);
  const same = a === e || (Number.isFinite(toNumber(a)) && a !== '' && toNumber(a) === toNumber(e));
  return score('exact', same ? 1 : 0, same ? 'exact match' : `expected "${expected}", got "${answer.slice(0, 80)}"`);
}

function numberScore(answer: string, expected: string): Score {
  const want = toNumber(expected);
  const got = numbersIn(answer);
  if (got.includes(want)) return score('number', 1, `the answer contains ${expected}`);
  // The numbers as written ("0000000", not the 0 they parse to): the user compares them with the expected digits.
  const written = [...answer.matchAll(NUMBER)].map((m) => m[0]);
  return score('number', 0, written.length ? `expected ${expected}, the answer has ${written.slice(0, 5).join(', ')}` : `expected ${expected}, the answer has no number`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive substring, not inside a longer word ("Lima" is not found in "Limassol"). */
export function mentions(answer: string, expected: string): boolean {
  const e = expected.trim();
  if (!e) return false;
  const pre = /^\w/.test(e) ? '(?<![A-Za-z0-9_])' : '';
  const post = /\w$/.test(e) ? '(?![A-Za-z0-9_])' : '';
  return new RegExp(pre + escape(e) + post, 'i').test(answer);
}

function contains(answer: string, expected: string): Score {
  const hit = mentions(answer, expected);
  return score('contains', hit ? 1 : 0, hit ? `the answer mentions "${expected}"` : `"${expected}" is not in the answer`);
}

function firstNumber(answer: string): number | null {
  const n = numbersIn(answer);
  return n.length ? n[0] : null;
}

const LESS = /\b(less|fewer|rarer|least)\b/i;
const SAME = /\b(same|equal|equally|tie|tied|neither)\b/i;

/** The label an answer picks: the one it names first, or the other one when it says "X is less common than Y". */
function pickedLabel(answer: string): string | null {
  const found = LABELS.map((l) => ({ l, at: answer.toLowerCase().search(new RegExp(`(?<![a-z])${escape(l)}(?![a-z])`)) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at);
  if (!found.length) return null;
  if (found.length === 2 && LESS.test(answer)) return found[1].l;
  return found[0].l;
}

function oolong(answer: string, expected: string): Score {
  if (/^\s*-?[\d,]+(\.\d+)?\s*$/.test(expected)) {
    const got = firstNumber(answer);
    if (got === null) return score('oolong', 0, `expected ${expected}, the answer has no number`);
    const delta = Math.abs(toNumber(expected) - got);
    return score('oolong', 0.75 ** delta, delta === 0 ? `exactly ${expected}` : `${got} is ${delta} away from ${expected}: 0.75^${delta}`);
  }
  if (normalise(expected) === 'same') {
    const hit = SAME.test(answer) && !/\bmore common\b/i.test(answer.replace(SAME, ''));
    return score('oolong', hit ? 1 : 0, hit ? 'says they are equally common' : 'expected "same" (equally common)');
  }
  const label = LABELS.find((l) => l === normalise(expected));
  if (!label) return contains(answer, expected);
  const picked = pickedLabel(answer);
  return score('oolong', picked === label ? 1 : 0, picked === label ? `picked "${label}"` : `expected "${label}", picked ${picked ? `"${picked}"` : 'no label'}`);
}

/** Items of a set answer: pairs of ids when the expected items are pairs, else comma/semicolon/line separated. */
function items(text: string, pairs: boolean): Set<string> {
  if (pairs) {
    const ids = [...text.matchAll(/\d{4,}/g)].map((m) => Number(m[0]));
    const out = new Set<string>();
    for (let i = 0; i + 1 < ids.length; i += 2) out.add([ids[i], ids[i + 1]].sort((a, b) => a - b).join(','));
    return out;
  }
  return new Set(text.split(/[;,\n]+/).map(normalise).filter(Boolean));
}

function setF1(answer: string, expected: string): Score {
  const pairs = /^\s*\(?\s*\d+\s*,\s*\d+\s*\)?\s*(;|$)/.test(expected);
  const want = items(expected, pairs);
  const got = items(answer, pairs);
  const hit = [...got].filter((x) => want.has(x)).length;
  if (!want.size) return score('set-f1', got.size ? 0 : 1, got.size ? 'expected an empty set' : 'both empty');
  const p = got.size ? hit / got.size : 0;
  const r = hit / want.size;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  return score('set-f1', f1, `F1 ${f1.toFixed(2)}: ${hit} of ${want.size} expected, ${got.size - hit} extra`);
}

function multiNeedle(answer: string, expected: string): Score {
  const codes = expected.split(',').map((s) => s.trim()).filter(Boolean);
  const found = codes.filter((c) => mentions(answer, c)).length;
  return score('multi-needle', codes.length ? found / codes.length : 0, `${found} of ${codes.length} codes found`);
}

const SCORERS: Record<ScorerName, (a: string, e: string) => Score> = {
  exact,
  number: numberScore,
  contains,
  oolong,
  'set-f1': setF1,
  'multi-needle': multiNeedle,
};

export const SCORER_NAMES = Object.keys(SCORERS) as ScorerName[];

export function scoreAnswer(scorer: ScorerName, answer: string | null, expected: string): Score {
  if (answer === null || !answer.trim()) return score(scorer, 0, 'no answer');
  return SCORERS[scorer](answer, expected);
}
