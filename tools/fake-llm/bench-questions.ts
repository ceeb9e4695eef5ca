/**
 * Recognises the built-in benchmark questions (src/bench/tasks) in a question or in a whole one-shot prompt.
 * The patterns follow the generators' wording; bench-policy.test.ts runs them on generated cases, so a change of
 * wording there fails here.
 */
export type BenchKind =
  | 'niah'
  | 'sniah'
  | 'multi-needle'
  | 'oolong-compare'
  | 'oolong-count'
  | 'pairs'
  | 'json-count'
  | 'json-sum'
  | 'code-parent'
  | 'code-file'
  | 'code-method'
  | 'code-count'
  | 'multi-hop';

export interface BenchQuestion {
  kind: BenchKind;
  /** The question's parameters: labels, department and status, class or method name, first holder and object. */
  args: string[];
}

const PATTERNS: [BenchKind, RegExp][] = [
  ['niah', /What is the secret number hidden in the context\?/],
  ['sniah', /What is the secret code hidden in the context\?/],
  ['multi-needle', /The context hides (\d+) secret codes of the form NEEDLE-XXXXXX\./],
  ['oolong-compare', /which label is more common: '([^'\n]+)' or '([^'\n]+)'\?/],
  ['oolong-count', /How many records have the label '([^'\n]+)'\?/],
  ['pairs', /List every pair of user ids where both users have at least one record with the label '([^'\n]+)'\./],
  ['json-count', /How many employees in the '([^'\n]+)' department have the status '([^'\n]+)'\?/],
  ['json-sum', /What is the total salary of the employees in the '([^'\n]+)' department with the status '([^'\n]+)'\?/],
  ['code-parent', /In the codebase, what is the parent class of the class (\w+)\?/],
  ['code-file', /In the codebase, which file defines the class (\w+)\?/],
  ['code-method', /In the codebase, which class defines the method (\w+)\?/],
  ['code-count', /In the codebase, how many classes are defined in total\?/],
  ['multi-hop', /(\w+) gave away the ([a-z ]+?)\. Follow the clues about the/],
];

export function recogniseBench(text: string): BenchQuestion | null {
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(text);
    if (m) return { kind, args: m.slice(1) };
  }
  return null;
}
