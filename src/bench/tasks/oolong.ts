/**
 * OOLONG (trec_coarse, synthetic): labelled records and an aggregate question, either "which of two labels is more
 * common" (or the same) or "how many records have label X" (numeric partial credit 0.75^|Δ|).
 */
import { TASK_SIZE } from './ids';
import { intIn } from '../rng';
import type { TaskDef } from '../types';
import { caseId, caseRng, shuffle, sizeOf } from './common';
import { LABELS, makeRecords, RECORDS_HEADER, weightedLabel } from './records';

export const oolongCompareQuestion = (a: string, b: string) =>
  `Among the records, which label is more common: '${a}' or '${b}'? Answer with the label, or 'same' if they are equally common.`;
export const oolongCountQuestion = (a: string) => `How many records have the label '${a}'? Answer with a number.`;

export const oolongTask: TaskDef = {
  id: 'oolong',
  label: 'OOLONG-style aggregation',
  description: 'Labelled records; which of two labels is more common, or how many have one (partial credit 0.75^|Δ|).',
  size: TASK_SIZE['oolong'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('oolong', p, size);
    const { lines, rows } = makeRecords(r, size - RECORDS_HEADER.length, () => intIn(r, 10000, 99999), weightedLabel(r, LABELS));
    const [a, b] = shuffle(r, [...LABELS]);
    const count = (l: string) => rows.filter((x) => x.label === l).length;
    const compare = r() < 0.5;
    const ca = count(a);
    const cb = count(b);
    const expected = compare ? (ca === cb ? 'same' : ca > cb ? a : b) : String(ca);
    return {
      task: 'oolong',
      caseId: caseId('oolong', p, size),
      question: compare ? oolongCompareQuestion(a, b) : oolongCountQuestion(a),
      context: RECORDS_HEADER + lines.join('\n') + '\n',
      expected,
      scorer: 'oolong',
      meta: { kind: compare ? 'compare' : 'count', labels: [a, b], counts: { [a]: ca, [b]: cb }, records: rows.length },
    };
  },
};
