/**
 * A multi-hop chain of clues: an object passes from hand to hand over 3 clues spread through the text, the last one
 * names a city. Other objects have chains of their own with other people and cities, so each hop must follow the
 * asked object.
 */
import { TASK_SIZE } from './ids';
import { pick } from '../rng';
import type { TaskDef } from '../types';
import { caseId, caseRng, insertLines, noise, shuffle, sizeOf } from './common';

const PEOPLE = 'Alice Bruno Chen Dara Emil Farah Goran Hana Ivo Jonas Kira Luca Mira Nils Omar Petra Quinn Rosa Sven Tara'.split(' ');
const CITIES = 'Lisbon Oslo Kyoto Lima Nairobi Quebec Tbilisi Hanoi Porto Dakar Bergen Cusco Tallinn Zagreb Perth Riga'.split(' ');
const OBJECTS = ['brass key', 'silver compass', 'blue ledger', 'iron seal', 'old map', 'jade token'];

export const multiHopQuestion = (first: string, object: string) =>
  `${first} gave away the ${object}. Follow the clues about the ${object} from hand to hand: in which city did it end up? Answer with the city name.`;

export const multiHopTask: TaskDef = {
  id: 'multi-hop',
  label: 'Multi-hop clues',
  description: 'Follow three clues about one object from person to person to the city where it ended; decoy chains abound.',
  size: TASK_SIZE['multi-hop'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('multi-hop', p, size);
    const people = shuffle(r, [...PEOPLE]);
    const cities = shuffle(r, [...CITIES]);
    const objects = shuffle(r, [...OBJECTS]).slice(0, 3);
    const clues: { frac: number; line: string }[] = [];
    const chains = objects.map((object, i) => {
      const [a, b, c] = people.slice(i * 3, i * 3 + 3);
      const city = cities[i];
      const lines = [
        `Clue: ${a} gave the ${object} to ${b}.`,
        `Clue: ${b} handed the ${object} to ${c}.`,
        `Clue: ${c} took the ${object} to the city of ${city} and left it there.`,
      ];
      lines.forEach((line, hop) => clues.push({ frac: (hop + r()) / 3, line }));
      return { object, first: a, city };
    });
    const asked = pick(r, chains);
    const context = insertLines(noise(r, size - clues.reduce((n, c) => n + c.line.length + 1, 0)), clues);
    return {
      task: 'multi-hop',
      caseId: caseId('multi-hop', p, size),
      question: multiHopQuestion(asked.first, asked.object),
      context,
      expected: asked.city,
      scorer: 'contains',
      meta: { object: asked.object, chains },
    };
  },
};
