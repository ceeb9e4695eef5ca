import type { ChatMessage, ChatOptions, ChatPart, ChatProvider, ExecOptions, ExecResult, ModelInfo, Repl } from './types';

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
