/**
 * An OpenAI-compatible endpoint in front of the RLM: `/v1/models`, `/v1/chat/completions` (streaming and not).
 * Streaming sends its headers at once and SSE comments while the run works, so neither the client's timeout nor a
 * proxy's idle cut ends a long run; a client that goes away aborts its run; a full sandbox pool answers 429.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RLM, type RLMOptions } from '../rlm';
import type { CompletionResult } from '../turn';
import { DEFAULT_CONTEXT_CHARS, toRlmRequest, type WireMessage } from './messages';

export interface ServeOptions {
  rlm: RLMOptions;
  port?: number;
  bind?: string;
  /** Seconds between SSE keep-alive comments (default 10). */
  keepAliveS?: number;
  /** Seconds a 429 asks the client to wait (default 2). */
  retryAfterS?: number;
  contextChars?: number;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  rlm: RLM;
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: WireMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly type = 'invalid_request_error') {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (message: string, type: string) => ({ error: { message, type, code: null } });

async function readJson(req: IncomingMessage, limit: number): Promise<ChatBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new HttpError(413, `The request body is over ${limit} bytes.`);
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
  } catch (e) {
    throw new HttpError(400, `The request body is not JSON: ${(e as Error).message}`);
  }
}

function usageOf(r: CompletionResult) {
  return { prompt_tokens: r.usage.inputTokens, completion_tokens: r.usage.outputTokens, total_tokens: r.usage.inputTokens + r.usage.outputTokens };
}

/** Our figures beside OpenAI's fields: clients ignore what they do not know. */
const rlmOf = (r: CompletionResult) => ({ iterations: r.iterations, stop_reason: r.stopReason, cost_usd: r.cost, total_time_s: r.totalTime, run_id: r.runId });
const finishOf = (r: CompletionResult) => (r.stopReason === 'answered' ? 'stop' : 'length');

export async function serve(o: ServeOptions): Promise<RunningServer> {
  const rlm = new RLM({ sandboxes: 2, ...o.rlm });
  const models = new Map<string, RLM>([[o.rlm.model, rlm]]);
  const created = Math.floor(Date.now() / 1000);
  const log = o.log ?? (() => undefined);
  let inFlight = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      const err = e instanceof HttpError ? e : new HttpError(500, (e as Error).message, 'server_error');
      if (!res.headersSent) sendJson(res, err.status, errorBody(err.message, err.type));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: [...models.keys()].map((id) => ({ id, object: 'model', created, owned_by: 'rlm-studio' })) });
    }
    if (req.method === 'GET' && (path === '' || path === '/health')) return sendJson(res, 200, { ok: true, ...rlm.capacity });
    if (req.method !== 'POST' || path !== '/v1/chat/completions') throw new HttpError(404, `No route ${req.method} ${path}: this server has GET /v1/models and POST /v1/chat/completions.`, 'not_found');
    const body = await readJson(req, o.maxBodyBytes ?? 256 * 1024 * 1024);
    if (!Array.isArray(body.messages)) throw new HttpError(400, '`messages` must be a list of {role, content}.');
    let ask;
    try {
      ask = toRlmRequest(body.messages, o.contextChars ?? DEFAULT_CONTEXT_CHARS);
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
    const { size } = rlm.capacity;
    if (inFlight >= size) {
      const retry = String(o.retryAfterS ?? 2);
      return sendJson(res, 429, errorBody(`All ${size} sandboxes are busy; retry in ${retry} s.`, 'rate_limit_error'), { 'retry-after': retry });
    }
    inFlight++; // counted now: the sandbox itself is taken a few awaits later
    const ctrl = new AbortController();
    // The response closing before we ended it means the client went away: stop its run and free the sandbox.
    res.on('close', () => !res.writableFinished && ctrl.abort());
    const session = rlm.session();
    const model = body.model || o.rlm.model;
    if (model !== o.rlm.model) session.setModel(model);
    const id = `chatcmpl-${globalThis.crypto.randomUUID()}`;
    const stream = body.stream === true;
    const keepAlive = stream ? startStream(res, o.keepAliveS ?? 10) : null;
    const t0 = Date.now();
    let r: CompletionResult;
    try {
      if (ask.contexts.length) await session.addContext(ask.contexts);
      if (ask.history.length) await session.addHistory(ask.history);
      r = await session.completion({ prompt: ask.question, signal: ctrl.signal });
    } finally {
      if (keepAlive) clearInterval(keepAlive);
      // Freed before the answer goes out: a client that sends its next request at once must find the sandbox free.
      await session.close();
      inFlight--;
    }
    log(`${new Date().toISOString()} ${model} ${r.stopReason} ${r.iterations} it ${Date.now() - t0} ms`);
    if (ctrl.signal.aborted) return void res.end();
    respond(res, r, { id, model, stream, created: Math.floor(t0 / 1000) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8000, o.bind ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.bind && o.bind !== '0.0.0.0' ? o.bind : '127.0.0.1'}:${port}`,
    port,
    rlm,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rlm.close();
    },
  };
}

/** SSE headers now (so the client's timeout counts from here), then a comment every few seconds. */
function startStream(res: ServerResponse, everyS: number): NodeJS.Timeout {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(': rlm run started\n\n');
  return setInterval(() => res.write(': keep-alive\n\n'), everyS * 1000);
}

function respond(res: ServerResponse, r: CompletionResult, o: { id: string; model: string; stream: boolean; created: number }): void {
  const { id, model, stream, created } = o;
  if (r.status === 'error') {
    if (!stream) return sendJson(res, 502, errorBody(r.error ?? 'the run failed', 'upstream_error'));
    res.write(`data: ${JSON.stringify(errorBody(r.error ?? 'the run failed', 'upstream_error'))}\n\n`);
    return void res.end('data: [DONE]\n\n');
  }
  const content = r.answer ?? '';
  if (!stream) {
    return sendJson(res, 200, {
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishOf(r) }], usage: usageOf(r), rlm: rlmOf(r),
    });
  }
  const chunk = (choices: unknown[], extra: object = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: finishOf(r) }], { rlm: rlmOf(r) });
  // As OpenAI: usage in one last chunk with no choices (clients that did not ask for it ignore it).
  chunk([], { usage: usageOf(r) });
  res.end('data: [DONE]\n\n');
}
