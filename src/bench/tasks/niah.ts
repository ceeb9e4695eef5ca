/** The seed's NIAH, unchanged: makeNiah(seed + trial, lines), so trial 0 of seed 42 is `--seed 42`'s haystack. */
import { TASK_SIZE } from './ids';
import { makeNiah } from '../niah';
import type { TaskDef } from '../types';

export const DEFAULT_LINES = 10_000;

export const niahTask: TaskDef = {
  id: 'niah',
  label: 'NIAH (lines)',
  description: "RLM-Ollama's haystack: N lines of random words hiding one 7-digit secret number.",
  size: TASK_SIZE['niah'],
  generate(p) {
    const lines = Math.max(10, Math.floor(p.lines ?? DEFAULT_LINES));
    const t = makeNiah(p.seed + p.trial, lines);
    return {
      task: 'niah',
      caseId: `niah:s${p.seed}:t${p.trial}:n${lines}`,
      question: t.question,
      context: t.text,
      expected: t.answer,
      scorer: 'number',
      meta: { needleLine: t.needleLine, lines },
    };
  },
};
