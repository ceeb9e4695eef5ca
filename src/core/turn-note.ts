/**
 * The turn count the model sees; it never passes `max` (after the last turn comes the forced answer).
 * `ran` is false when nothing ran in the turn before (no code block, or every block skipped): the note
 * must not point at REPL output that does not exist. (The official says only `Turn i/N:` there.)
 */
export function turnNote(turn: number, max: number, ran = true): string {
  if (turn > max) return `Turn ${max}/${max} was your last turn to run code.`;
  if (turn === 1) {
    return `Turn 1/${max}: you have not looked at the context yet. Start by exploring it in the REPL; do not answer yet.`;
  }
  if (!ran) return `Turn ${turn}/${max}: nothing ran in your last turn, so there is no new REPL output. Answer as soon as you are sure.`;
  return `Turn ${turn}/${max}: continue, using the REPL output above. Answer as soon as you are sure.`;
}
