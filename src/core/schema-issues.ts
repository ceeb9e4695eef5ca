import * as v from 'valibot';

/**
 * Turns a valibot issue into a sentence a user can act on:
 * "`usage.inputTokens` must be a number (got "abc")". Valibot's own messages
 * ("Invalid type: Expected number but received …") name no field.
 */

const WORDS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  null: 'null',
  Object: 'an object',
  Array: 'a list',
};

/** `("a" | "b")` → `one of "a", "b"`; `(number | null)` → `a number or null`. */
function describeExpected(expected: string): string {
  const parts = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
  if (parts.length > 1 && parts.every((p) => p.startsWith('"'))) return `one of ${parts.join(', ')}`;
  return parts.map((p) => WORDS[p] ?? p).join(' or ');
}

/** At most `max` characters of what was found, so a hostile megabyte string cannot flood the message. */
export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function requirement(issue: v.BaseIssue<unknown>): string {
  switch (issue.type) {
    case 'finite':
      return 'a finite number';
    case 'integer':
      return 'a whole number';
    case 'min_value':
      return `at least ${String(issue.requirement)}`;
    case 'gt_value':
      return `more than ${String(issue.requirement)}`;
    case 'max_value':
      return `at most ${String(issue.requirement)}`;
    default:
      return issue.expected ? describeExpected(issue.expected) : 'valid';
  }
}

/**
 * One issue as "`path` must be …" (no line number: the caller knows where the value came from).
 * `base` is where the checked value itself sits, for schemas run on one field of a larger object.
 */
export function describeIssue(issue: v.BaseIssue<unknown>, base = ''): string {
  const inner = v.getDotPath(issue);
  const path = [base, inner].filter(Boolean).join('.');
  const field = path ? `\`${path}\`` : 'The value';
  // A required key that is absent: valibot reports the key as the expected value.
  if (issue.type === 'object' && issue.received === 'undefined' && inner) return `${field} is missing`;
  return `${field} must be ${requirement(issue)} (got ${shorten(issue.received)})`;
}
