/**
 * The Python the bench policies write for each built-in question: real code against `context` that sets `result`
 * and prints `RESULT: …`. `bad` is bench-bad's version: plausible code with the documented mistake in it.
 */
import type { BenchQuestion } from './bench-questions';

const py = (s: string) => JSON.stringify(s);

const PRE = `import re, json
from collections import Counter
text = context if isinstance(context, str) else json.dumps(context)`;

const FILES = `parts = re.split(r"^# ===== FILE: (.+?) =====$", text, flags=re.M)
files = dict(zip(parts[1::2], parts[2::2]))
print("FILES:", len(files))`;

function body(q: BenchQuestion, bad: boolean): string {
  const [a, b] = q.args.map(py);
  switch (q.kind) {
    case 'niah':
      return `m = re.search(r"The secret number is (\\d+)\\.", text)\nresult = m.group(1) if m else None`;
    case 'sniah':
      return `m = re.search(r"secret code is: (SECRET-[A-Z0-9]+)", text)\nresult = m.group(1) if m else None`;
    case 'multi-needle':
      return `codes = re.findall(r"\\[SECRET #\\d+: (NEEDLE-[A-Z0-9]+)\\]", text)\nprint("FOUND:", len(codes))\nresult = ", ".join(codes${bad ? '[:2]' : ''})`;
    case 'oolong-compare':
      return `counts = Counter(re.findall(r"\\|\\| Label: (.+)$", text, re.M))
a, b = ${a}, ${b}
print("COUNTS:", a, counts[a], b, counts[b])
${bad ? 'result = a if counts[a] <= counts[b] else b' : 'result = "same" if counts[a] == counts[b] else (a if counts[a] > counts[b] else b)'}`;
    case 'oolong-count':
      return `counts = Counter(re.findall(r"\\|\\| Label: (.+)$", text, re.M))\nresult = str(counts[${a}]${bad ? ' + 2' : ''})`;
    case 'pairs':
      return `label = ${a}
users = sorted({int(u) for u, l in re.findall(r"User: (\\d+) \\|\\|.*\\|\\| Label: (.+)$", text, re.M) if l == label})
print("USERS:", users)
pairs = [f"({x}, {y})" for i, x in enumerate(users) for y in users[i + 1:]]
result = "; ".join(pairs${bad ? '[:1]' : ''})`;
    case 'json-count':
    case 'json-sum': {
      const keep = bad ? `e["department"] == ${a}` : `e["department"] == ${a} and e["status"] == ${b}`;
      const what = q.kind === 'json-sum' ? 'sum(e["salary"] for e in rows)' : 'len(rows)';
      return `data = json.loads(context) if isinstance(context, str) else context
rows = [e for e in data["employees"] if ${keep}]
print("MATCHING:", len(rows), "of", len(data["employees"]))
result = str(${what})`;
    }
    case 'code-parent':
      return `m = re.search(r"^class ${q.args[0]}\\((\\w+)\\):", text, re.M)\nresult = m.group(1) if m else None`;
    case 'code-file':
      return `${FILES}\nhits = [p for p, src in files.items() if re.search(r"^class ${q.args[0]}\\b", src, re.M)]\nresult = hits[0] if hits else None`;
    case 'code-method':
      return `${FILES}
owner = None
for src in files.values():
    d = re.search(r"^    def ${q.args[0]}\\(", src, re.M)
    if d:
        owner = re.findall(r"^class (\\w+)", src[:d.start()], re.M)[-1]
result = owner`;
    case 'code-count':
      return `${FILES}\nresult = str(sum(len(re.findall(r"^class \\w+", src, re.M)) for src in files.values()))`;
    case 'multi-hop':
      return `who, obj = ${a}, ${b}
result = None
for hop in range(10):
    m = re.search(rf"Clue: {who} (?:gave|handed) the {obj} to (\\w+)\\.", text)
    if m:
        who = m.group(1)
        print("HOP:", who)
        ${bad ? 'result = who\n        break' : 'continue'}
    m = re.search(rf"Clue: {who} took the {obj} to the city of (\\w+)", text)
    result = m.group(1) if m else None
    break`;
  }
}

export function benchCode(q: BenchQuestion, bad: boolean): string {
  return `${PRE}\n${body(q, bad)}\nprint("RESULT:", result)`;
}

/** bench-bad on code QA: reads the codebase a slice per turn and never gets to an answer. */
export function browseCode(turn: number): string {
  return `text = context if isinstance(context, str) else str(context)\nprint(text[${turn * 2000}:${(turn + 1) * 2000}])`;
}
