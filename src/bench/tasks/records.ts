/** OOLONG-style labelled records (trec_coarse labels), shared by the oolong and oolong-pairs tasks. */
import { intIn, pick } from '../rng';

export const LABELS = ['numeric value', 'entity', 'location', 'description and abstract concept', 'abbreviation', 'human being'] as const;
export type Label = (typeof LABELS)[number];

const WH = ['What', 'Which', 'Where', 'Who', 'How many', 'When', 'Why'];
const TOPICS = (
  'river mountain treaty engine planet novel festival vaccine bridge language currency empire satellite opera ' +
  'desert protocol painting reactor island dynasty telescope recipe algorithm glacier harbor cathedral'
).split(' ');
const VERBS = ['is known as', 'was built in', 'stands for', 'measures', 'was founded by', 'belongs to', 'is used for'];

export interface RecordRow {
  date: string;
  user: number;
  label: Label;
}

function date(r: () => number): string {
  const m = intIn(r, 1, 12);
  const d = intIn(r, 1, 28);
  return `${intIn(r, 2019, 2024)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `Date: … || User: … || Instance: … || Label: …`, one record per line. */
export function recordLine(row: RecordRow, r: () => number): string {
  const instance = `${pick(r, WH)} ${pick(r, TOPICS)} ${pick(r, VERBS)} the ${pick(r, TOPICS)}?`;
  return `Date: ${row.date} || User: ${row.user} || Instance: ${instance} || Label: ${row.label}`;
}

/** Records filling about `chars` characters; `labelOf` decides each record's label and `userOf` its user. */
export function makeRecords(
  r: () => number,
  chars: number,
  userOf: () => number,
  labelOf: () => Label,
): { lines: string[]; rows: RecordRow[] } {
  const lines: string[] = [];
  const rows: RecordRow[] = [];
  let n = 0;
  while (n < chars) {
    const row = { date: date(r), user: userOf(), label: labelOf() };
    const line = recordLine(row, r);
    rows.push(row);
    lines.push(line);
    n += line.length + 1;
  }
  return { lines, rows };
}

/** A label drawn with uneven weights, so "which is more common" usually has an answer. */
export function weightedLabel(r: () => number, labels: readonly Label[]): () => Label {
  const w = labels.map(() => 0.2 + r());
  const total = w.reduce((a, b) => a + b, 0);
  return () => {
    let x = r() * total;
    for (let i = 0; i < labels.length; i++) if ((x -= w[i]) < 0) return labels[i];
    return labels[labels.length - 1];
  };
}

export const RECORDS_HEADER =
  'Each line below is one record: its date, the user who asked, the question (instance) and its label (one of: ' +
  LABELS.join(', ') +
  ').\n';
