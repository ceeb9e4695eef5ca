import { intIn, pick, rng } from './rng';

const WORDS = (
  'alpha bravo cedar delta ember falcon granite harbor island jasper kernel lumen meadow nectar orbit pixel quartz ' +
  'raven summit timber umber vector willow xenon yonder zephyr amber basalt cobalt dune echo fjord glacier haze ' +
  'indigo juniper kelp lagoon marble nova onyx prairie quill ridge sierra tundra upland violet wharf yarrow zenith'
).split(' ');

export interface NiahTask {
  text: string;
  question: string;
  answer: string;
  needleLine: number;
}

/**
 * A needle in a haystack: `lines` lines of random words,
 * one of which says the secret 7-digit number. Same seed, same task.
 */
export function makeNiah(seed: number, lines = 10_000): NiahTask {
  const r = rng(seed);
  const answer = String(intIn(r, 1_000_000, 9_999_999));
  const needleLine = intIn(r, Math.floor(lines * 0.1), Math.floor(lines * 0.9));
  const out: string[] = new Array(lines);
  for (let i = 0; i < lines; i++) {
    if (i === needleLine) {
      out[i] = `The secret number is ${answer}.`;
      continue;
    }
    const n = intIn(r, 6, 14);
    const words: string[] = new Array(n);
    for (let j = 0; j < n; j++) words[j] = pick(r, WORDS);
    out[i] = words.join(' ');
  }
  return {
    text: out.join('\n') + '\n',
    question: 'What is the secret number hidden in the context? Answer with the number only.',
    answer,
    needleLine,
  };
}

/** Right when the answer contains the number, whatever prose surrounds it. */
export function scoreNiah(task: NiahTask, answer: string | null): boolean {
  return !!answer && answer.includes(task.answer);
}
