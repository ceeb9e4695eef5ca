import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ChildRepl, ExecOptions, ExecResult, ModelInfo, Repl } from './types';

/**
 * Test doubles for engine unit tests only. End-to-end tests use the real
 * providers against the fake LLM server and the real Pyodide sandbox.
 */
export class ScriptedProvider implements ChatProvider {
  readonly kind = 'openai' as const;
  readonly endpoint = 'scripted://test';
  readonly calls: ChatMessage[][] = [];
  constructor(private readonly reply: (messages: ChatMessage[], call: number) => string | Error) {}

  async listModels(): Promise<ModelInfo[]> {
    return [{ name: 'scripted' }];
  }

  async *chat(messages: ChatMessage[], opts: ChatOptions): AsyncIterable<ChatPart> {
    this.calls.push(messages.map((m) => ({ ...m })));
    const r = this.reply(messages, this.calls.length - 1);
    if (r instanceof Error) throw r;
    for (const piece of r.match(/[\s\S]{1,7}/g) ?? []) {
      if (opts.signal?.aborted) throw new Error('aborted');
      yield { type: 'text', text: piece };
    }
    yield { type: 'done', usage: { inputTokens: 10, outputTokens: 5, estimated: false }, model: opts.model };
  }
}

type Handler = (code: string, opts: ExecOptions) => Promise<Partial<ExecResult>> | Partial<ExecResult>;

export class ScriptedRepl implements Repl {
  readonly executed: string[] = [];
  constructor(
    private readonly handler: Handler,
    private readonly vars: Record<string, string> = {},
  ) {}

  async exec(code: string, opts: ExecOptions): Promise<ExecResult> {
    this.executed.push(code);
    const r = await this.handler(code, opts);
    return { stdout: '', stderr: '', ok: true, final: null, durationMs: 1, variables: [], ...r };
  }

  async getVar(name: string): Promise<string | null> {
    return this.vars[name] ?? null;
  }
}

/**
 * A REPL that runs a tiny line language instead of Python, for engine tests of sub-calls,
 * recursion and budgets. Lines: `llm <prompt>`, `rlm <prompt>`, `rlm@<model> <prompt>`,
 * `rlmb <p1>|<p2>|…` / `llmb …` (one batched call, concurrent), `answer <text>` (sets answer["content"]), `sleep <ms>`,
 * `hang` (until the block is interrupted), `fail`, `print <text>`, `final [text]` (the
 * answers so far, joined by ",", when no text). Each answer is also printed.
 */
export class CommandRepl implements ChildRepl {
  readonly executed: string[] = [];
  answerContent = '';
  disposed = false;
  constructor(readonly context = '') {}

  async exec(code: string, opts: ExecOptions): Promise<ExecResult> {
    this.executed.push(code);
    const out: string[] = [];
    const answers: string[] = [];
    const ask = async (prompt: string, kind: 'llm' | 'rlm', model?: string, batched = false) => {
      const req = { prompt, kind, ...(model ? { model } : {}), ...(batched ? { batched: true as const } : {}) };
      const a = await opts.onSubcall(req, opts.signal ?? new AbortController().signal);
      answers.push(a);
      out.push(a);
    };
    const result = (r: Partial<ExecResult>): ExecResult => ({ stdout: out.join('\n'), stderr: '', ok: true, final: null, durationMs: 1, variables: [], ...r });
    for (const line of code.split('\n')) {
      const [cmd, ...rest] = line.trim().split(' ');
      const arg = rest.join(' ');
      if (cmd === 'llm') await ask(arg, 'llm');
      else if (cmd === 'rlm') await ask(arg, 'rlm');
      else if (cmd.startsWith('rlm@')) await ask(arg, 'rlm', cmd.slice(4));
      else if (cmd === 'rlmb' || cmd === 'llmb') await Promise.all(arg.split('|').map((p) => ask(p, cmd === 'rlmb' ? 'rlm' : 'llm', undefined, true)));
      else if (cmd === 'answer') this.answerContent = arg;
      else if (cmd === 'print') out.push(arg);
      else if (cmd === 'sleep') await interruptible(Number(arg), opts.signal);
      else if (cmd === 'fail') return result({ ok: false, stderr: 'ValueError: scripted failure' });
      else if (cmd === 'hang') {
        await interruptible(Infinity, opts.signal);
        return result({ ok: false, stderr: 'KeyboardInterrupt' });
      } else if (cmd === 'final') return result({ final: { value: arg || answers.join(','), via: 'FINAL' } });
      if (opts.signal?.aborted) return result({ ok: false, stderr: 'KeyboardInterrupt' });
    }
    return result({});
  }

  async getVar(name: string): Promise<string | null> {
    return name === 'context' ? this.context : null;
  }

  async getAnswerContent(): Promise<string | null> {
    return this.answerContent || null;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

function interruptible(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = Number.isFinite(ms) ? setTimeout(resolve, ms) : null;
    signal?.addEventListener('abort', () => {
      if (t) clearTimeout(t);
      resolve();
    });
  });
}
