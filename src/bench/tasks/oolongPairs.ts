/**
 * OOLONG-Pairs (synthetic): every pair of users who both have a record with a rare label; F1 over the pair set.
 * Only a few users ever get that label, so the pair set stays small while the records fill the size asked for.
 */
import { TASK_SIZE } from './ids';
import { intIn } from '../rng';
import type { TaskDef } from '../types';
import { caseId, caseRng, shuffle, sizeOf } from './common';
import { LABELS, makeRecords, recordLine, RECORDS_HEADER, weightedLabel } from './records';

export const pairsQuestion = (label: string) =>
  `List every pair of user ids where both users have at least one record with the label '${label}'. Give each pair as (smaller id, larger id).`;

export const oolongPairsTask: TaskDef = {
  id: 'oolong-pairs',
  label: 'OOLONG-Pairs',
  description: 'Labelled records; list every pair of users meeting a joint label condition (scored by F1).',
  size: TASK_SIZE['oolong-pairs'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('oolong-pairs', p, size);
    const users = new Set<number>();
    while (users.size < 16) users.add(intIn(r, 10000, 99999));
    const ids = [...users];
    const [rare, ...common] = shuffle(r, [...LABELS]);
    const chosen = shuffle(r, [...ids]).slice(0, intIn(r, 3, 6)).sort((x, y) => x - y);
    const { lines } = makeRecords(r, size - RECORDS_HEADER.length - 90 * chosen.length, () => ids[Math.floor(r() * ids.length)], weightedLabel(r, common));
    for (const u of chosen) {
      const line = recordLine({ date: `202${intIn(r, 0, 4)}-0${intIn(r, 1, 9)}-1${intIn(r, 0, 9)}`, user: u, label: rare }, r);
      lines.splice(Math.floor(r() * (lines.length + 1)), 0, line);
    }
    const pairs: string[] = [];
    for (let i = 0; i < chosen.length; i++) for (let j = i + 1; j < chosen.length; j++) pairs.push(`(${chosen[i]}, ${chosen[j]})`);
    return {
      task: 'oolong-pairs',
      caseId: caseId('oolong-pairs', p, size),
      question: pairsQuestion(rare),
      context: RECORDS_HEADER + lines.join('\n') + '\n',
      expected: pairs.join('; '),
      scorer: 'set-f1',
      meta: { label: rare, users: chosen },
    };
  },
};
