/**
 * The system prompt's note on `rlm_query`: whether it starts a child RLM here or is a plain
 * sub-LLM call (at the depth limit, as in the official package). Kept apart from prompts.ts so
 * prompt strategies can change the rest of the prompt without touching recursion.
 * `maxDepth` counts runs: 1 = no recursion; a run at `depth` may recurse when depth + 1 < maxDepth.
 */
export function recursionNote(maxDepth: number, depth: number): string {
  if (depth + 1 >= maxDepth) {
    const why = maxDepth <= 1 ? 'recursion is off for this run' : `this run is already at the depth limit (${maxDepth})`;
    return `\`rlm_query(prompt, model=None)\` and \`rlm_query_batched(prompts, model=None)\` are available but ${why}: they answer exactly as \`llm_query\` / \`llm_query_batched\` do, with one sub-LLM call each.`;
  }
  const levels = maxDepth - depth - 1;
  return [
    `\`rlm_query(prompt, model=None) -> str\` starts a child RLM: a fresh REPL whose \`context\` is \`prompt\`, its own iterations and sub-calls, and its final answer returned to you as a string. \`rlm_query_batched(prompts, model=None) -> list[str]\` runs several children concurrently, answers in order.`,
    `Use it for a sub-task too large or too intricate for a single \`llm_query\` (it needs its own code over a big piece of text); a child is much slower and costlier than \`llm_query\`. Children may recurse ${levels === 1 ? 'no further' : `${levels - 1} more level(s)`}; they draw on the same budgets as you.`,
  ].join('\n');
}

/** What a refused call returns after "Error: " when sub-calls are off (RunInput.noSubcalls). */
export const NO_SUBCALLS_MESSAGE = 'sub-calls are disabled in this run: llm_query and rlm_query are unavailable, work with code over `context` alone';

/** Replaces the note above when sub-calls are off: the model should not plan on them. */
export const NO_SUBCALLS_NOTE = 'In this run sub-calls are disabled: `llm_query`, `llm_query_batched`, `rlm_query` and `rlm_query_batched` are unavailable, and each call returns an "Error: …" string instead of an answer. Solve the task with code over `context` alone.';
