/**
 * The Python the bench policies write for each built-in question: real code against `context` that sets `result`
 * and prints `RESULT: …`. `bad` is bench-bad's version: plausible code with the documented mistake in it.
 */
import type { BenchKind, BenchQuestion } from './bench-questions';

const py = (s: string) => JSON.stringify(s);

const PRE = `import re, json
from collections import Counter
text = context if isinstance(context, str) else json.dumps(context)`;

const FILES = `parts = re.split(r"^# ===== FILE: (.+?) =====$", text, flags=re.M)
files = dict(zip(parts[1::2], parts[2::2]))
print("FILES:", len(files))`;

type Writer = (args: string[], bad: boolean, raw: string[]) => string;

const labelCounts = 'counts = Counter(re.findall(r"\\|\\| Label: (.+)$", text, re.M))';

const json: (sum: boolean) => Writer = (sum) => ([a, b], bad) => `data = json.loads(context) if isinstance(context, str) else context
rows = [e for e in data["employees"] if ${bad ? `e["department"] == ${a}` : `e["department"] == ${a} and e["status"] == ${b}`}]
print("MATCHING:", len(rows), "of", len(data["employees"]))
result = str(${sum ? 'sum(e["salary"] for e in rows)' : 'len(rows)'})`;

const WRITERS: Record<BenchKind, Writer> = {
  niah: () => `m = re.search(r"The secret number is (\\d+)\\.", text)\nresult = m.group(1) if m else None`,
  sniah: () => `m = re.search(r"secret code is: (SECRET-[A-Z0-9]+)", text)\nresult = m.group(1) if m else None`,
  'multi-needle': (_, bad) =>
    `codes = re.findall(r"\\[SECRET #\\d+: (NEEDLE-[A-Z0-9]+)\\]", text)\nprint("FOUND:", len(codes))\nresult = ", ".join(codes${bad ? '[:2]' : ''})`,
  'oolong-compare': ([a, b], bad) => `${labelCounts}
a, b = ${a}, ${b}
print("COUNTS:", a, counts[a], b, counts[b])
${bad ? 'result = a if counts[a] <= counts[b] else b' : 'result = "same" if counts[a] == counts[b] else (a if counts[a] > counts[b] else b)'}`,
  'oolong-count': ([a], bad) => `${labelCounts}\nresult = str(counts[${a}]${bad ? ' + 2' : ''})`,
  pairs: ([a], bad) => `label = ${a}
users = sorted({int(u) for u, l in re.findall(r"User: (\\d+) \\|\\|.*\\|\\| Label: (.+)$", text, re.M) if l == label})
print("USERS:", users)
pairs = [f"({x}, {y})" for i, x in enumerate(users) for y in users[i + 1:]]
result = "; ".join(pairs${bad ? '[:1]' : ''})`,
  'json-count': json(false),
  'json-sum': json(true),
  'code-parent': (_, __, [cls]) => `m = re.search(r"^class ${cls}\\((\\w+)\\):", text, re.M)\nresult = m.group(1) if m else None`,
  'code-file': (_, __, [cls]) =>
    `${FILES}\nhits = [p for p, src in files.items() if re.search(r"^class ${cls}\\b", src, re.M)]\nresult = hits[0] if hits else None`,
  'code-method': (_, __, [method]) => `${FILES}
owner = None
for src in files.values():
    d = re.search(r"^    def ${method}\\(", src, re.M)
    if d:
        owner = re.findall(r"^class (\\w+)", src[:d.start()], re.M)[-1]
result = owner`,
  'code-count': () => `${FILES}\nresult = str(sum(len(re.findall(r"^class \\w+", src, re.M)) for src in files.values()))`,
  'multi-hop': ([a, b], bad) => `who, obj = ${a}, ${b}
result = None
for hop in range(10):
    m = re.search(rf"Clue: {who} (?:gave|handed) the {obj} to (\\w+)\\.", text)
    if m:
        who = m.group(1)
        print("HOP:", who)
        ${bad ? 'result = who\n        break' : 'continue'}
    m = re.search(rf"Clue: {who} took the {obj} to the city of (\\w+)", text)
    result = m.group(1) if m else None
    break`,
};

export function benchCode(q: BenchQuestion, bad: boolean): string {
  return `${PRE}\n${WRITERS[q.kind](q.args.map(py), bad, q.args)}\nprint("RESULT:", result)`;
}

/** bench-bad on code QA: reads the codebase a slice per turn and never gets to an answer. */
export function browseCode(turn: number): string {
  return `text = context if isinstance(context, str) else str(context)\nprint(text[${turn * 2000}:${(turn + 1) * 2000}])`;
}
