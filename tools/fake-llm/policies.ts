/**
 * Model names → behaviours. Every name here is listed by /api/tags and
 * /v1/models; `scripted:<name>` models come from the script registry.
 */
import { benchBadReply, benchGoodReply } from './bench-policy';
import { isSubcall, readConvo } from './conversation';
import { niah2Content } from './niah2';
import { ScriptRegistry } from './scripts';
import { answerSubcall, solverContent, solverThinking } from './solver';
import type { Msg, Reply } from './text';

export interface ModelSpec {
  /** Advertised like Ollama's /api/show capabilities. */
  thinking: boolean;
  family: string;
  parameterSize: string;
  reply: (messages: readonly Msg[]) => Reply;
  /** Time the model takes before its first byte, on top of the server's latency and @lat/@slow faults. */
  delayMs?: (messages: readonly Msg[]) => number;
}

const repl = (code: string) => '```repl\n' + code + '\n```';

/** Every policy answers an llm_query sub-call like a helpful small model. */
function withSubcalls(root: (m: readonly Msg[]) => Reply): (m: readonly Msg[]) => Reply {
  return (messages) => {
    if (!isSubcall(messages)) return root(messages);
    const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
    return { content: answerSubcall(prompt) };
  };
}

const GARBAGE = [
  'That is a fascinating question. The answer depends on many factors, and I would like to reflect on them carefully.',
  'Let me consider the broader context of this problem before committing to anything.',
  'There are several perspectives here. On one hand the data may be large; on the other, it may be small.',
  'I am still thinking about the best way to approach this.',
];

/** `ownSubcalls`: the policy tells sub-calls from its other shapes itself (bench: a one-shot prompt has no REPL either). */
const POLICIES: Record<string, Omit<ModelSpec, 'reply'> & { root: (m: readonly Msg[]) => Reply; ownSubcalls?: true }> = {
  'bench-good': { thinking: false, family: 'fake', parameterSize: '4.0B', root: benchGoodReply, ownSubcalls: true },
  'bench-bad': { thinking: false, family: 'fake', parameterSize: '1B', root: benchBadReply, ownSubcalls: true },
  solver: { thinking: false, family: 'qwen3', parameterSize: '4.0B', root: (m) => ({ content: solverContent(m) }) },
  niah2: { thinking: false, family: 'qwen3', parameterSize: '4.0B', root: (m) => ({ content: niah2Content(m) }) },
  'solver-python': {
    thinking: false,
    family: 'llama',
    parameterSize: '8.0B',
    root: (m) => ({ content: solverContent(m).replace(/```repl\n/g, '```python\n') }),
  },
  'solver-think': {
    thinking: true,
    family: 'qwen3',
    parameterSize: '4.0B',
    root: (m) => ({ content: solverContent(m), thinking: solverThinking(m) }),
  },
  looper: { thinking: false, family: 'fake', parameterSize: '1B', root: () => ({ content: `Iterating until it converges.\n${repl('while True:\n    pass')}` }) },
  sleeper: {
    thinking: false,
    family: 'fake',
    parameterSize: '1B',
    root: () => ({ content: `Waiting for the data to settle.\n${repl('import time\ntime.sleep(3600)\nprint("woke up")')}` }),
  },
  flooder: {
    thinking: false,
    family: 'fake',
    parameterSize: '1B',
    root: () => ({ content: `Printing everything.\n${repl('for i in range(100000):\n    print(f"line {i}: " + "flood " * 10)')}` }),
  },
  garbage: {
    thinking: false,
    family: 'fake',
    parameterSize: '1B',
    root: (m) => ({ content: GARBAGE[readConvo(m).turn % GARBAGE.length] }),
  },
  hallucinator: {
    thinking: false,
    family: 'fake',
    parameterSize: '1B',
    root: () => ({ content: `Let me compute it.\n${repl('value = undefined_name * 2\nprint(value)')}\nThe result is clearly 42.\nFINAL(42)` }),
  },
  batcher: { thinking: false, family: 'fake', parameterSize: '1B', root: (m) => ({ content: batcherContent(m, 10) }) },
  // A batch wide and slow enough to be seen running in parallel (the swimlane's 20 overlapping bars).
  batcher20: {
    thinking: false,
    family: 'fake',
    parameterSize: '1B',
    root: (m) => ({ content: batcherContent(m, 20) }),
    delayMs: (m) => (isSubcall(m) ? BATCHER20_SUBCALL_MS : 0),
  },
};

/** How long each of batcher20's sub-calls waits before answering. */
export const BATCHER20_SUBCALL_MS = 400;

/** Names real users type, mapped onto policies (thinking models stay thinking). */
const ALIASES: Record<string, string> = {
  'qwen3:4b': 'solver-think',
  'qwen3:1.7b': 'solver-think',
  'qwen3:0.6b': 'solver-think',
  'llama3.1:8b': 'solver-python',
  'gpt-4o-mini': 'solver',
  // Reasoning models: the real ones refuse a temperature, which tests check is not sent.
  'gpt-5-mini': 'solver',
  'o4-mini': 'solver',
  'claude-haiku-4-5': 'solver',
};

function batcherContent(messages: readonly Msg[], parts: number): string {
  const c = readConvo(messages);
  if (c.forced) return 'I could not finish.';
  if (c.turn === 0) {
    return `I will split the context into ${parts} parts and ask a sub-LLM about each, concurrently.\n${repl(`import json
text = context if isinstance(context, str) else json.dumps(context)
lines = text.splitlines() or [text]
step = max(1, -(-len(lines) // ${parts}))
chunks = ["\\n".join(lines[i:i + step]) for i in range(0, len(lines), step)]
question = ${JSON.stringify(c.question)}
prompts = [f"{question}\\nIf this part of the document contains the answer, reply with only the answer; otherwise reply NONE.\\n\\n{ch}" for ch in chunks]
answers = llm_query_batched(prompts)
found = [a.strip() for a in answers if a.strip().upper() != "NONE"]
result = found[0] if found else "NONE"
print("CHUNKS:", len(chunks))
print("RESULT:", result)`)}`;
  }
  return `Submitting what the sub-LLMs found.\n${repl('FINAL_VAR("result")')}`;
}

export class ModelCatalog {
  /** Names installed through /api/pull → the policy they answer with. */
  private readonly pulled = new Map<string, string>();

  constructor(readonly scripts: ScriptRegistry) {}

  /** Base names (no @faults) this server answers to. */
  names(): string[] {
    return [...Object.keys(POLICIES), ...Object.keys(ALIASES), ...this.pulled.keys(), ...this.scripts.names()];
  }

  /** A pulled model thinks when its name says so (qwen3, deepseek-r1…), like the real ones. */
  install(name: string): void {
    if (this.resolve(name)) return;
    this.pulled.set(name, /qwen3|think|r1|gpt-oss/i.test(name) ? 'solver-think' : 'solver');
  }

  /** Forgets pulled models (POST /__reset), so tests start from the same list. */
  forgetPulled(): void {
    this.pulled.clear();
  }

  resolve(base: string): ModelSpec | null {
    if (base.startsWith('scripted:')) {
      if (!this.scripts.has(base)) return null;
      const reply = (m: readonly Msg[]) => this.scripts.reply(base, readConvo(m).turn);
      return { thinking: false, family: 'script', parameterSize: '0B', reply: withSubcalls(reply) };
    }
    const p = POLICIES[ALIASES[base] ?? this.pulled.get(base) ?? base];
    if (!p) return null;
    const reply = p.ownSubcalls ? p.root : withSubcalls(p.root);
    return { thinking: p.thinking, family: p.family, parameterSize: p.parameterSize, reply, delayMs: p.delayMs };
  }
}
