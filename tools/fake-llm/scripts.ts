/**
 * Fixed answer sequences for exact e2e cases: model `scripted:<name>` gives
 * response i on its assistant turn i (0-based). More can be registered at
 * runtime with `POST /__script {model, responses}`.
 */
import type { Reply } from './text';

export type ScriptStep = string | Reply;

const r = (code: string) => '```repl\n' + code.trim() + '\n```';

export const BUILTIN_SCRIPTS: Readonly<Record<string, readonly ScriptStep[]>> = {
  /** The official fixture's path: regex, one llm_query, then the answer dict. */
  'niah-answer-dict': [
    `I'll scan the haystack for the sentence that states the secret number.\n${r(`import re
m = re.search(r"The secret number is (\\d+)\\.", context)
print(m.group(0) if m else "no match")`)}`,
    `Let me have a sub-LLM confirm it.\n${r(`confirm = llm_query(f"Reply with only the number stated in this sentence: {m.group(0)}")
print(repr(confirm))`)}`,
    `They agree, so I'll submit.\n${r(`answer["content"] = m.group(1) if confirm.strip() == m.group(1) else confirm.strip()
answer["ready"] = True`)}`,
  ],
  /** FINAL(value) called inside code. */
  'final-in-code': [`${r('x = 6 * 7\nprint(x)')}`, `${r('FINAL(x)')}`],
  /** FINAL_VAR written in prose after the output was seen (legacy style). */
  'prose-final-var': [`${r('total = sum(range(10))\nprint(total)')}`, `The total is ready.\nFINAL_VAR(total)`],
  /** FINAL(literal) written in prose. */
  'prose-final': [`${r('print(sum(range(10)))')}`, `The REPL printed 45.\nFINAL(45)`],
  /** Two blocks in one response; the second uses the first's variable. */
  'two-blocks': [`First the data, then the answer.\n${r('a = 20')}\n${r('b = a + 22\nprint(b)\nFINAL_VAR("b")')}`],
  /** A NameError, then a fix. */
  'error-then-fix': [
    `${r('print(undefined_variable)')}`,
    `Oops, let me define it first.\n${r('value = "fixed"\nprint(value)')}`,
    `${r('FINAL_VAR("value")')}`,
  ],
  /** No code at all on the first turn, then an answer. */
  'no-code-first': [`Let me think about this problem in words first.`, `${r('FINAL("done")')}`],
  /** ```python fences, as small local models write. */
  'python-fence': ['```python\nn = len(context)\nprint(n)\n```', '```python\nFINAL_VAR("n")\n```'],
  /** Ten concurrent sub-calls. */
  'batched-10': [
    `${r(`answers = llm_query_batched([f"Reply with only the number {i}." for i in range(10)])
print(answers)`)}`,
    `${r('FINAL(", ".join(answers))')}`,
  ],
  /** Thinking that contains a code block which must not run. */
  'think-draft': [
    { thinking: 'Draft, not to run:\n```repl\nprint("DRAFT")\n```', content: r('print("REAL")') },
    r('FINAL("real")'),
  ],
};

export class ScriptRegistry {
  private readonly runtime = new Map<string, ScriptStep[]>();

  static key(model: string): string {
    return model.replace(/^scripted:/, '');
  }

  register(model: string, responses: ScriptStep[]): string {
    const key = ScriptRegistry.key(model);
    this.runtime.set(key, responses);
    return `scripted:${key}`;
  }

  has(model: string): boolean {
    const key = ScriptRegistry.key(model);
    return this.runtime.has(key) || key in BUILTIN_SCRIPTS;
  }

  names(): string[] {
    return [...new Set([...Object.keys(BUILTIN_SCRIPTS), ...this.runtime.keys()])].map((k) => `scripted:${k}`);
  }

  reply(model: string, turn: number): Reply {
    const key = ScriptRegistry.key(model);
    const steps = this.runtime.get(key) ?? BUILTIN_SCRIPTS[key] ?? [];
    const step = steps[turn];
    if (step === undefined) return { content: `(script ${key} has no response for turn ${turn + 1})` };
    return typeof step === 'string' ? { content: step } : step;
  }

  clear(): void {
    this.runtime.clear();
  }
}
