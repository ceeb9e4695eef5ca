/** The turn count the model sees; it never passes `max` (after the last turn comes the forced answer). */
export function turnNote(turn: number, max: number): string {
  if (turn > max) return `Turn ${max}/${max} was your last turn to run code.`;
  if (turn === 1) {
    return `Turn 1/${max}: you have not looked at the context yet. Start by exploring it in the REPL; do not answer yet.`;
  }
  return `Turn ${turn}/${max}: continue, using the REPL output above. Answer as soon as you are sure.`;
}
