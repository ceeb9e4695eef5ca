/** minRLM's single needle (`SECRET-XXXXXXXX`) at a size in characters, placed at start, middle, end or anywhere. */
import { TASK_SIZE } from './ids';
import type { TaskDef } from '../types';
import { caseId, caseRng, code, insertLines, noise, positionFraction, sizeOf } from './common';

export const SNIAH_QUESTION = 'What is the secret code hidden in the context? Answer with the code only.';

export const sniahTask: TaskDef = {
  id: 'sniah',
  label: 'S-NIAH (chars)',
  description: 'One secret code in technical filler of a set size; the needle at start, middle, end or random.',
  size: TASK_SIZE['sniah'],
  generate(p) {
    const size = sizeOf(p);
    const position = p.position ?? 'random';
    const r = caseRng('sniah', { ...p, position }, size);
    const secret = code(r, 8);
    const frac = positionFraction(r, position);
    const needle = `[IMPORTANT: The secret code is: SECRET-${secret}]`;
    const context = insertLines(noise(r, size - needle.length - 1), [{ frac, line: needle }]);
    return {
      task: 'sniah',
      caseId: caseId('sniah', { ...p, position }, size),
      question: SNIAH_QUESTION,
      context,
      // The code part alone: "SECRET-ABC…" and "ABC…" both contain it.
      expected: secret,
      scorer: 'contains',
      meta: { position, offset: context.indexOf(needle), needle },
    };
  },
};
