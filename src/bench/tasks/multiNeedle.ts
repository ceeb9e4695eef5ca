/** minRLM's multi_needle: k codes `[SECRET #i: NEEDLE-XXXXXX]`, 5 below 128 K characters and 10 (one per decile) above. */
import { TASK_SIZE } from './ids';
import type { TaskDef } from '../types';
import { caseId, caseRng, code, insertLines, noise, sizeOf } from './common';

export const multiNeedleQuestion = (k: number) =>
  `The context hides ${k} secret codes of the form NEEDLE-XXXXXX. List all of them, separated by commas.`;

export const multiNeedleTask: TaskDef = {
  id: 'multi-needle',
  label: 'Multi-needle',
  description: 'Several secret codes spread through the text; partial credit for each one found (pass at 80 %).',
  size: TASK_SIZE['multi-needle'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('multi-needle', p, size);
    const k = size >= 128_000 ? 10 : 5;
    const codes = Array.from({ length: k }, () => `NEEDLE-${code(r, 6)}`);
    const fracs =
      k === 10
        ? codes.map((_, i) => (i + 0.1 + r() * 0.8) / 10)
        : codes.map(() => 0.1 + r() * 0.8).sort((a, b) => a - b);
    const needles = codes.map((c, i) => ({ frac: fracs[i], line: `[SECRET #${i + 1}: ${c}]` }));
    const context = insertLines(noise(r, size - needles.reduce((n, x) => n + x.line.length + 1, 0)), needles);
    return {
      task: 'multi-needle',
      caseId: caseId('multi-needle', p, size),
      question: multiNeedleQuestion(k),
      context,
      expected: codes.join(', '),
      scorer: 'multi-needle',
      meta: { k, fractions: fracs },
    };
  },
};
