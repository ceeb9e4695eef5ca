import type { ChatMessage, ContextMeta, ExecResult } from './types';

/**
 * What the root model is told. Modelled on the official RLM prompt (REPL with
 * `context`, sub-LLM calls, answer dict / FINAL), shortened so small local
 * models keep the instructions in view.
 */
const SYSTEM_PROMPT = `You are tasked with answering a query with associated context. You can access, transform, and analyze this context interactively in a REPL environment that can recursively query sub-LLMs, which you are strongly encouraged to use as much as possible. You will be queried iteratively until you provide a final answer.

The REPL environment is initialized with:
1. A \`context\` variable that contains extremely important information about your query. It may be far too large to read at once: look at it through code (slicing, len, splitlines, re, json) and print only what you need.
2. \`llm_query(prompt, model=None) -> str\`: asks a sub-LLM (it can handle around 100K characters) and returns its answer. Use it to read, classify or summarise chunks of the context.
3. \`llm_query_batched(prompts, model=None) -> list[str]\`: runs several llm_query calls concurrently; answers come back in the same order. Much faster than a loop of llm_query.
4. \`SHOW_VARS()\`: lists the variables you have created.
5. \`print()\`: the only way to see results. Output you print is shown to you (long output is truncated), so print summaries, not whole documents.
Only the Python standard library is available; variables persist between code blocks.

Write Python code inside triple backticks with the 'repl' language tag:
\`\`\`repl
lines = context.splitlines()
print(len(lines), lines[:3])
\`\`\`

Work step by step: look at the context, plan, then use code and sub-LLM calls to build up the answer in variables. Do not guess what the output of your code will be: wait to see it.

When you are done, give your final answer from inside a repl block in one of these ways:
- \`answer["content"] = result; answer["ready"] = True\`
- \`FINAL(result)\` to answer with a value, or \`FINAL_VAR("name")\` to answer with the variable \`name\`.
You may also write FINAL(your answer) or FINAL_VAR(variable_name) on a line of its own outside code, but only after you have seen the output you rely on.`;

function describeContext(meta: ContextMeta | null): string {
  if (!meta) return 'No context was provided: `context` is an empty string. Use the REPL for any computation the query needs.';
  const parts = [
    `Your context is a ${meta.pyType} with ${meta.totalChars.toLocaleString('en-US')} total characters` +
      (meta.pyType === 'str' ? ` in ${meta.lines.toLocaleString('en-US')} lines` : '') +
      (meta.items !== undefined ? ` and ${meta.items.toLocaleString('en-US')} top-level items` : '') +
      ` (from "${meta.name}").`,
  ];
  if (meta.head) parts.push(`It begins:\n<<<\n${meta.head}\n>>>`);
  if (meta.tail && meta.totalChars > meta.head.length) parts.push(`It ends:\n<<<\n${meta.tail}\n>>>`);
  return parts.join('\n');
}

function firstUserMessage(question: string, meta: ContextMeta | null, maxIterations: number): string {
  return [
    `Answer the following: ${question}`,
    '',
    describeContext(meta),
    '',
    turnNote(1, maxIterations),
  ].join('\n');
}

/** The turn count the model sees; it never passes `max` (after the last turn comes the forced answer). */
export function turnNote(turn: number, max: number): string {
  if (turn > max) return `Turn ${max}/${max} was your last turn to run code.`;
  if (turn === 1) {
    return `Turn 1/${max}: you have not looked at the context yet. Start by exploring it in the REPL; do not answer yet.`;
  }
  return `Turn ${turn}/${max}: continue, using the REPL output above. Answer as soon as you are sure.`;
}

/** Cuts text to `max` characters, saying how much was cut (the official marker). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... + [${(text.length - max).toLocaleString('en-US')} chars...]`;
}

function formatBlockOutput(r: ExecResult, max: number): string {
  // stdout and stderr are cut separately so a flood of prints cannot hide the error.
  const parts: string[] = [];
  if (r.stdout) parts.push(truncate(r.stdout.replace(/\n$/, ''), max));
  if (r.stderr) parts.push(`stderr:\n${truncate(r.stderr.replace(/\n$/, ''), max)}`);
  if (r.reset) parts.push(`NOTE: ${r.reset}`);
  if (!parts.length) parts.push('(no output)');
  return `${parts.join('\n')}\nREPL variables: [${r.variables.join(', ')}]`;
}

/** All block outputs of one turn as the single user message the model sees next. */
export function feedbackMessage(
  results: ExecResult[],
  max: number,
  extra: string[],
  nextTurn: number,
  maxIterations: number,
): string {
  const blocks =
    results.length === 1
      ? [`REPL output:\n${formatBlockOutput(results[0], max)}`]
      : results.map((r, i) => `REPL output (block ${i + 1}):\n${formatBlockOutput(r, max)}`);
  return [...blocks, ...extra, '', turnNote(nextTurn, maxIterations)].join('\n\n').trim();
}

export const NO_CODE_NOTE =
  'Your last response had no ```repl code block, so nothing was run. Write code in a ```repl block, or give your final answer with FINAL(...).';

export const FORCED_ANSWER_PROMPT =
  'You have used all your iterations. Do not write any more code. Based on everything above, give your final answer now, as plain text.';

export function buildInitialMessages(question: string, meta: ContextMeta | null, maxIterations: number): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: firstUserMessage(question, meta, maxIterations) },
  ];
}
