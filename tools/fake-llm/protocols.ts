/**
 * The three wire formats as pure functions (request → fields, answer → bytes
 * to write), so the server only does I/O. Shapes follow the real APIs closely
 * enough that the official SDKs parse them.
 */
import { toMsgs, flattenContent, type Msg, type Piece } from './text';

export interface GenRequest {
  model: string;
  messages: Msg[];
  stream: boolean;
  /** Whether the request allows thinking output. */
  allowThinking: boolean;
  includeUsage: boolean;
  /** Sampling parameters as sent, for /__stats. */
  params: Record<string, unknown>;
}

export interface Usage {
  input: number;
  output: number;
}

export interface StreamCtx {
  model: string;
  id: string;
  created: number;
}

export interface BlockState {
  index: number;
}

export type ErrorKind = 'not_found' | 'context' | number;

export interface Protocol {
  name: 'ollama' | 'openai' | 'anthropic';
  streamType: string;
  parse(body: Record<string, any>): GenRequest;
  /** `key`: the credential sent, which the OpenAI shape echoes on 401 (as careless proxies do) to test redaction. */
  error(kind: ErrorKind, model: string, key?: string): { status: number; body: unknown };
  start(ctx: StreamCtx, usage: Usage | null): string[];
  piece(p: Piece, ctx: StreamCtx, block: BlockState): string[];
  /** Bytes between two pieces of different kinds (Anthropic content blocks); next undefined = end. */
  transition?(prev: Piece | undefined, next: Piece | undefined, block: BlockState): string[];
  end(ctx: StreamCtx, usage: Usage | null, pieces: Piece[]): string[];
  complete(ctx: StreamCtx, pieces: Piece[], usage: Usage | null): unknown;
}

const join = (pieces: Piece[], kind: Piece['kind']) => pieces.filter((p) => p.kind === kind).map((p) => p.text).join('');
const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
const statusText = (s: number) => (s === 429 ? 'rate limited' : s === 401 ? 'unauthorized' : s >= 500 ? 'internal server error' : `error ${s}`);

export const ollama: Protocol = {
  name: 'ollama',
  streamType: 'application/x-ndjson',
  parse: (b) => ({
    model: String(b.model ?? ''),
    messages: toMsgs(b.messages),
    stream: b.stream !== false,
    allowThinking: b.think !== false,
    includeUsage: true,
    params: { think: b.think, options: b.options },
  }),
  error: (kind, model) =>
    kind === 'not_found' ? { status: 404, body: { error: `model '${model}' not found` } }
    : kind === 'context' ? { status: 400, body: { error: 'input length exceeds the context length' } }
    : { status: kind, body: { error: statusText(kind) } },
  start: () => [],
  piece: (p, ctx) => [
    JSON.stringify({
      model: ctx.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: p.kind === 'text' ? p.text : '', ...(p.kind === 'thinking' ? { thinking: p.text } : {}) },
      done: false,
    }) + '\n',
  ],
  end: (ctx, usage) => [JSON.stringify(ollamaDone(ctx, usage, { role: 'assistant', content: '' })) + '\n'],
  complete: (ctx, pieces, usage) => {
    const thinking = join(pieces, 'thinking');
    return ollamaDone(ctx, usage, { role: 'assistant', content: join(pieces, 'text'), ...(thinking ? { thinking } : {}) });
  },
};

function ollamaDone(ctx: StreamCtx, usage: Usage | null, message: Record<string, string>) {
  return {
    model: ctx.model,
    created_at: new Date().toISOString(),
    message,
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 1000,
    ...(usage ? { prompt_eval_count: usage.input, prompt_eval_duration: 1000, eval_count: usage.output, eval_duration: 1000 } : {}),
  };
}

const openaiChunk = (ctx: StreamCtx, delta: Record<string, unknown>, finish: string | null = null) => ({
  id: ctx.id,
  object: 'chat.completion.chunk',
  created: ctx.created,
  model: ctx.model,
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const openaiUsage = (u: Usage) => ({ prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output });

export const openai: Protocol = {
  name: 'openai',
  streamType: 'text/event-stream',
  parse: (b) => ({
    model: String(b.model ?? ''),
    messages: toMsgs(b.messages),
    stream: b.stream === true,
    allowThinking: b.chat_template_kwargs?.enable_thinking !== false && b.reasoning?.enabled !== false,
    includeUsage: b.stream_options?.include_usage === true,
    params: {
      temperature: b.temperature,
      max_tokens: b.max_tokens,
      max_completion_tokens: b.max_completion_tokens,
      chat_template_kwargs: b.chat_template_kwargs,
      reasoning: b.reasoning,
    },
  }),
  error: (kind, model, key) => {
    if (kind === 'not_found') {
      return { status: 404, body: { error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' } } };
    }
    if (kind === 401 && key) {
      return { status: 401, body: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } };
    }
    if (kind === 'context') {
      return { status: 400, body: { error: { message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } };
    }
    const type = kind === 429 ? 'rate_limit_error' : kind === 401 ? 'invalid_request_error' : 'server_error';
    return { status: kind, body: { error: { message: statusText(kind), type, param: null, code: kind === 429 ? 'rate_limit_exceeded' : null } } };
  },
  start: (ctx) => [sse(openaiChunk(ctx, { role: 'assistant', content: '' }))],
  piece: (p, ctx) => [sse(openaiChunk(ctx, p.kind === 'text' ? { content: p.text } : { reasoning_content: p.text }))],
  end: (ctx, usage) => [
    sse(openaiChunk(ctx, {}, 'stop')),
    ...(usage ? [sse({ id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, choices: [], usage: openaiUsage(usage) })] : []),
    'data: [DONE]\n\n',
  ],
  complete: (ctx, pieces, usage) => {
    const reasoning = join(pieces, 'thinking');
    return {
      id: ctx.id,
      object: 'chat.completion',
      created: ctx.created,
      model: ctx.model,
      choices: [{ index: 0, message: { role: 'assistant', content: join(pieces, 'text'), ...(reasoning ? { reasoning_content: reasoning } : {}) }, finish_reason: 'stop' }],
      ...(usage ? { usage: openaiUsage(usage) } : {}),
    };
  },
};

const anthropicErrorType = (s: number) =>
  s === 429 ? 'rate_limit_error' : s === 401 ? 'authentication_error' : s === 403 ? 'permission_error' : s === 529 ? 'overloaded_error' : s >= 500 ? 'api_error' : 'invalid_request_error';

export const anthropic: Protocol = {
  name: 'anthropic',
  streamType: 'text/event-stream',
  parse: (b) => {
    const system = flattenContent(b.system);
    return {
      model: String(b.model ?? ''),
      messages: [...(system ? [{ role: 'system' as const, content: system }] : []), ...toMsgs(b.messages)],
      stream: b.stream === true,
      allowThinking: b.thinking?.type === 'enabled' || b.thinking?.type === 'adaptive',
      includeUsage: true,
      params: { temperature: b.temperature, max_tokens: b.max_tokens, thinking: b.thinking },
    };
  },
  error: (kind, model) => {
    const [status, type, message] =
      kind === 'not_found' ? [404, 'not_found_error', `model: ${model}`]
      : kind === 'context' ? [400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum']
      : [kind, anthropicErrorType(kind), statusText(kind)];
    return { status, body: { type: 'error', error: { type, message } } };
  },
  start: (ctx, usage) => [
    sse({ type: 'message_start', message: { id: ctx.id, type: 'message', role: 'assistant', model: ctx.model, content: [], stop_reason: null, stop_sequence: null, usage: usage ? { input_tokens: usage.input, output_tokens: 1 } : undefined } }, 'message_start'),
    sse({ type: 'ping' }, 'ping'),
  ],
  piece: (p, _ctx, block) => [
    sse({ type: 'content_block_delta', index: block.index, delta: p.kind === 'text' ? { type: 'text_delta', text: p.text } : { type: 'thinking_delta', thinking: p.text } }, 'content_block_delta'),
  ],
  transition: anthropicBlockEvents,
  end: (_ctx, usage) => [
    sse({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usage ? { output_tokens: usage.output } : undefined }, 'message_delta'),
    sse({ type: 'message_stop' }, 'message_stop'),
  ],
  complete: (ctx, pieces, usage) => {
    const thinking = join(pieces, 'thinking');
    return {
      id: ctx.id,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content: [...(thinking ? [{ type: 'thinking', thinking, signature: 'fake-signature' }] : []), { type: 'text', text: join(pieces, 'text') }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      ...(usage ? { usage: { input_tokens: usage.input, output_tokens: usage.output } } : {}),
    };
  },
};

/** content_block_start/stop around runs of the same kind (thinking first, then text). */
function anthropicBlockEvents(prev: Piece | undefined, next: Piece | undefined, st: BlockState): string[] {
  const out: string[] = [];
  if (prev && (!next || next.kind !== prev.kind)) {
    if (prev.kind === 'thinking') {
      out.push(sse({ type: 'content_block_delta', index: st.index, delta: { type: 'signature_delta', signature: 'fake-signature' } }, 'content_block_delta'));
    }
    out.push(sse({ type: 'content_block_stop', index: st.index }, 'content_block_stop'));
    if (next) st.index++;
  }
  if (next && (!prev || next.kind !== prev.kind)) {
    const block = next.kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'text', text: '' };
    out.push(sse({ type: 'content_block_start', index: st.index, content_block: block }, 'content_block_start'));
  }
  return out;
}
