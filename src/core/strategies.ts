import type { ContextMeta } from './types';
import { renderProfile } from './profile-prompt';
import { turnNote } from './turn-note';

/**
 * Prompt strategies: what the root model is told, selectable per run.
 * - official: the official package's current prompt (answer dict, orchestrator guidance, and a
 *   first message with the context's type and size only, since May 2026).
 * - final: the seeds' style (RLM-Ollama, minRLM): FINAL / FINAL_VAR, a head and tail preview.
 * - profile: minRLM's context profile (head/middle/tail and an entropy map) in the first message.
 * The wording is ours, shortened so small local models keep the instructions in view.
 */
export type PromptStrategy = 'official' | 'final' | 'profile';

export const PROMPT_STRATEGIES: readonly PromptStrategy[] = ['official', 'final', 'profile'];

export interface SystemPromptOptions {
  /** Sections appended after the strategy's prompt (runtime facts such as the recursion limit). */
  extraSections?: readonly string[];
}

const REPL_INTRO = `You are tasked with answering a query with associated context. You can access, transform, and analyze this context interactively in a REPL environment that can recursively query sub-LLMs, which you are strongly encouraged to use as much as possible. You will be queried iteratively until you provide a final answer.`;

const TOOLS = `2. \`llm_query(prompt, model=None) -> str\`: one sub-LLM completion (no REPL, no iteration; it can handle around 100K characters). Use it to read, classify or summarise chunks of the context.
3. \`llm_query_batched(prompts, model=None) -> list[str]\`: several llm_query calls at once; answers come back in the same order. Much faster than a loop of llm_query.
4. \`SHOW_VARS()\`: lists the variables you have created.`;

const FENCE_EXAMPLE = `Write Python code inside triple backticks with the 'repl' language tag:
\`\`\`repl
lines = context.splitlines()
print(len(lines), lines[:3])
\`\`\``;

const OFFICIAL = `${REPL_INTRO}

The REPL environment is initialized with:
1. A \`context\` variable that contains extremely important information about your query. It may be far too large to read at once: check its content through code (slicing, len, splitlines, re, json) and look through it sufficiently as you answer.
${TOOLS}
5. \`answer\`: a dict, \`{"content": "", "ready": False}\`. Put your final answer in \`answer["content"]\`; setting \`answer["ready"] = True\` ends the task.
6. \`print()\`: the only way to see results. Output is truncated, so print summaries, not whole documents.
Only the Python standard library is available; variables persist between code blocks.

You are the orchestrator. Break the problem into digestible pieces: chunk or summarise a large context, or decompose a hard task into easier sub-problems, and delegate them with \`llm_query\` / \`llm_query_batched\`. Write a programmatic strategy in the REPL as if you were building an agent: plan steps, branch on results, combine answers in code, and keep intermediate results in variables as buffers. Compute exact steps (counting, arithmetic, parsing) in code rather than asking a model.

${FENCE_EXAMPLE}

For example, to ask the same question of every part of a long context at once:
\`\`\`repl
size = len(context) // 8 + 1
chunks = [context[i:i + size] for i in range(0, len(context), size)]
found = llm_query_batched([f"Quote any line about the magic number in this text, or say NONE:\\n{c}" for c in chunks])
print([f for f in found if "NONE" not in f])
\`\`\`

Each message tells you which turn it is, out of how many. When you are done, set the answer from a repl block:
\`\`\`repl
answer["content"] = result
answer["ready"] = True
\`\`\`
Set \`answer["ready"]\` only after you have seen the REPL output you rely on: do not guess what your code will print.`;

const FINAL = `${REPL_INTRO}

The REPL environment is initialized with:
1. A \`context\` variable that contains extremely important information about your query. It may be far too large to read at once: look at it through code (slicing, len, splitlines, re, json) and print only what you need.
${TOOLS}
5. \`print()\`: the only way to see results. Output you print is shown to you (long output is truncated), so print summaries, not whole documents.
Only the Python standard library is available; variables persist between code blocks.

${FENCE_EXAMPLE}

Work step by step: look at the context, plan, then use code and sub-LLM calls to build up the answer in variables. Do not guess what the output of your code will be: wait to see it.

When you are done, give your final answer in one of two ways:
- FINAL(your answer) on a line of its own, to answer with text directly;
- FINAL_VAR(variable_name) to answer with a variable you created in the REPL.
FINAL_VAR takes an existing variable: create it in a repl block first, then write FINAL_VAR(variable_name) in a later response. Do not write FINAL in the same response as code whose output you have not seen yet.`;

const PROFILE = `You answer a query about data you cannot see directly. The data is in a Python REPL as \`context\`; it never enters this conversation. The first message gives its size and a profile: a preview of its head, middle and tail, and an entropy map.

The entropy map cuts the text into sections and gives each its zlib compression ratio (compressed size / raw size, measured per chunk): low means repetitive, high means varied or random. Outliers are sections unlike the rest, with character offsets and an excerpt: a planted fact, key, error burst or other anomaly usually shows up there, so look at them first with \`context[start:end]\`. A uniform map means what you need must be searched for.

The REPL has:
- \`context\`: the data.
- \`llm_query(prompt, model=None) -> str\` and \`llm_query_batched(prompts, model=None) -> list[str]\`: sub-LLM calls that read or reason over the pieces you pass them.
- \`SHOW_VARS()\` and \`print()\`: output is truncated, so print only what you need.
Only the Python standard library is available; variables persist between code blocks.

${FENCE_EXAMPLE}

Prefer a few targeted steps: find the evidence with code (slicing, str.find, re, splitlines), then pass only that evidence to llm_query when judgement is needed.

Finish with FINAL(your answer) on a line of its own, or FINAL_VAR(variable_name) for a variable you have created, once you have seen the output you rely on.`;

const BASE: Record<PromptStrategy, string> = { official: OFFICIAL, final: FINAL, profile: PROFILE };

/** The system prompt a strategy uses when the run does not override it (the UI's "reset to default"). */
export function defaultSystemPrompt(strategy: PromptStrategy, opts: SystemPromptOptions = {}): string {
  const extra = (opts.extraSections ?? []).map((s) => s.trim()).filter(Boolean);
  return [BASE[strategy], ...extra].join('\n\n');
}

const n = (x: number) => x.toLocaleString('en-US');
const NO_CONTEXT = 'No context was provided: `context` is an empty string. Use the REPL for any computation the query needs.';

function sizeLine(meta: ContextMeta, detailed: boolean): string {
  if (!detailed) return `Your context is a ${meta.pyType} with ${n(meta.totalChars)} total characters.`;
  return (
    `Your context is a ${meta.pyType} with ${n(meta.totalChars)} total characters` +
    (meta.pyType === 'str' ? ` in ${n(meta.lines)} lines` : '') +
    (meta.items !== undefined ? ` and ${n(meta.items)} top-level items` : '') +
    ` (from "${meta.name}").`
  );
}

function headTail(meta: ContextMeta): string[] {
  const parts: string[] = [];
  if (meta.head) parts.push(`It begins:\n<<<\n${meta.head}\n>>>`);
  if (meta.tail && meta.totalChars > meta.head.length) parts.push(`It ends:\n<<<\n${meta.tail}\n>>>`);
  return parts;
}

function describe(strategy: PromptStrategy, meta: ContextMeta | null): string {
  if (!meta) return NO_CONTEXT;
  if (strategy === 'official') return sizeLine(meta, false);
  if (strategy === 'final' || !meta.profile) {
    const missing = strategy === 'profile' ? ['(No entropy profile was computed for this context.)'] : [];
    return [sizeLine(meta, true), ...headTail(meta), ...missing].join('\n');
  }
  // The profile is of the file's text; a parsed dict or list has no character offsets of its own.
  const note = meta.pyType === 'str' ? undefined : `offsets are into the file's text, not into the parsed ${meta.pyType}`;
  return [sizeLine(meta, true), renderProfile(meta.profile, note)].join('\n\n');
}

/** The first user message: the question, what the strategy says about the context, the turn count. */
export function firstUserMessage(strategy: PromptStrategy, question: string, meta: ContextMeta | null, maxIterations: number, notes: readonly string[] = []): string {
  const extra = notes.flatMap((n) => ['', n]);
  return [`Answer the following: ${question}`, '', describe(strategy, meta), ...extra, '', turnNote(1, maxIterations)].join('\n');
}
