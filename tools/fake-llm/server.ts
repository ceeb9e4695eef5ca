/**
 * A fake LLM server for tests and demos: speaks enough Ollama, OpenAI and
 * Anthropic for the real SDKs, with scripted behaviours chosen by model name
 * and faults chosen by suffix (see faults.ts). Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultCounters, parseFaultHeader, parseModelName, type ActiveFaults } from './faults';
import { BodyTooLarge, CORP, corsHeaders, readBody, sendJson, sleepUnlessClosed, writeAll } from './http';
import { originAllowed } from './origins';
import { ModelCatalog, type ModelSpec } from './policies';
import { pull } from './pull';
import { anthropic, ollama, openai, type GenRequest, type Protocol, type StreamCtx, type Usage } from './protocols';
import { ScriptRegistry, type ScriptStep } from './scripts';
import { countTokens, promptTokens, toPieces, type Piece } from './text';

export interface FakeLlmOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Added before the first byte of every generation. */
  latencyMs?: number;
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /** false: no CORS headers anywhere (a server that never allows the page). */
  cors?: boolean;
  /**
   * Origin patterns accepted the way Ollama checks OLLAMA_ORIGINS (see origins.ts); any other
   * Origin gets a bare 403 with no CORS headers. Unset: every origin is allowed.
   */
  allowedOrigins?: readonly string[];
  /** Largest request body accepted. */
  maxBodyBytes?: number;
  /** Pause between /api/pull progress lines. */
  pullStepMs?: number;
}

export interface FakeLlmStats {
  /** "POST /api/chat" → count, every request except preflights. */
  requests: Record<string, number>;
  /** Generation requests per model name as sent (suffixes included). */
  models: Record<string, number>;
  /** Generation requests currently being answered, and the most seen at once. */
  inFlight: number;
  maxInFlight: number;
  /** The sampling parameters of each model's latest request (think, options, temperature…). */
  lastParams: Record<string, Record<string, unknown>>;
  /** When (ms since epoch) each generation request per model arrived: backoff and Retry-After are measurable. */
  times: Record<string, number[]>;
  /** Distinct API keys received (Authorization bearer or x-api-key), so a test can prove a key was sent, and only by header. */
  credentials: string[];
  /** The Origin of each request refused by `allowedOrigins`. */
  refusedOrigins: string[];
}

export interface FakeLlmServer {
  url: string;
  port: number;
  stats: FakeLlmStats;
  scripts: ScriptRegistry;
  resetStats(): void;
  close(): Promise<void>;
}

const emptyStats = (): FakeLlmStats => ({ requests: {}, models: {}, inFlight: 0, maxInFlight: 0, lastParams: {}, times: {}, credentials: [], refusedOrigins: [] });
const RETRY_AFTER_S = '1';

export async function createFakeLlmServer(opts: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  const scripts = new ScriptRegistry();
  const catalog = new ModelCatalog(scripts);
  const counters = new FaultCounters();
  const state = { stats: emptyStats() };
  const ctx: HandlerCtx = { opts, catalog, counters, scripts, state };
  const server = createServer((req, res) => {
    handle(req, res, ctx).catch((err) => {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: err.message }, CORP);
      if (err instanceof SyntaxError) return sendJson(res, 400, { error: `invalid JSON: ${err.message}` }, CORP);
      if (!res.headersSent) sendJson(res, 500, { error: String(err) }, CORP);
      else res.destroy();
    });
  });
  server.maxConnections = 512;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get stats() {
      return state.stats;
    },
    scripts,
    resetStats: () => {
      state.stats = emptyStats();
      counters.reset();
      catalog.forgetPulled();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface HandlerCtx {
  opts: FakeLlmOptions;
  catalog: ModelCatalog;
  counters: FaultCounters;
  scripts: ScriptRegistry;
  state: { stats: FakeLlmStats };
}

async function handle(req: IncomingMessage, res: ServerResponse, c: HandlerCtx): Promise<void> {
  if (!originAllowed(req.headers.origin, c.opts.allowedOrigins)) {
    c.state.stats.refusedOrigins.push(req.headers.origin!);
    res.writeHead(403);
    return void res.end();
  }
  const cors = c.opts.cors === false ? {} : corsHeaders(req);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...cors, ...CORP });
    return void res.end();
  }
  const path = (req.url ?? '/').split('?')[0];
  const route = `${req.method} ${path}`;
  const stats = c.state.stats;
  stats.requests[route] = (stats.requests[route] ?? 0) + 1;
  recordCredential(req, stats);
  const headers = { ...cors, ...CORP };
  switch (route) {
    case 'GET /':
      res.writeHead(200, { ...headers, 'Content-Type': 'text/plain' });
      return void res.end('Ollama is running');
    case 'GET /api/version':
      return sendJson(res, 200, { version: '0.12.0-fake' }, headers);
    case 'GET /api/tags':
      return sendJson(res, 200, { models: c.catalog.names().map((n) => ollamaTag(n, c.catalog.resolve(n)!)) }, headers);
    case 'POST /api/show':
      return show(await readBody(req, 1 << 20), res, c, headers);
    case 'POST /api/pull':
      return pull(await readBody(req, 1 << 20), res, c.catalog, headers, { stepDelayMs: c.opts.pullStepMs ?? 120 });
    case 'GET /v1/models':
      return sendJson(res, 200, listModels(c.catalog.names(), !!req.headers['anthropic-version']), headers);
    case 'POST /api/chat':
      return generate(ollama, req, res, c, cors);
    case 'POST /v1/chat/completions':
      return generate(openai, req, res, c, cors);
    case 'POST /v1/messages':
      return generate(anthropic, req, res, c, cors);
    case 'GET /__stats':
      return sendJson(res, 200, stats, headers);
    case 'POST /__reset':
      c.state.stats = emptyStats();
      c.counters.reset();
      c.catalog.forgetPulled();
      return sendJson(res, 200, { ok: true }, headers);
    case 'POST /__script': {
      const body = await readBody(req, 1 << 24);
      if (typeof body.model !== 'string' || !Array.isArray(body.responses)) {
        return sendJson(res, 400, { error: 'expected {model: string, responses: string[]}' }, headers);
      }
      return sendJson(res, 200, { model: c.scripts.register(body.model, body.responses as ScriptStep[]) }, headers);
    }
    default:
      return sendJson(res, 404, { error: `no route ${route}` }, headers);
  }
}

function credentialOf(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const key = bearer ?? req.headers['x-api-key'];
  return typeof key === 'string' && key ? key : undefined;
}

function recordCredential(req: IncomingMessage, stats: FakeLlmStats): void {
  const key = credentialOf(req);
  if (key && !stats.credentials.includes(key) && stats.credentials.length < 20) stats.credentials.push(key);
}

function ollamaTag(name: string, spec: ModelSpec) {
  return {
    name,
    model: name,
    modified_at: '2026-01-01T00:00:00Z',
    size: 2_500_000_000,
    digest: 'fake',
    details: {
      parent_model: '',
      format: 'gguf',
      family: spec.family,
      families: [spec.family],
      parameter_size: spec.parameterSize,
      quantization_level: 'Q4_K_M',
    },
  };
}

function listModels(names: string[], anthropicShape: boolean) {
  if (anthropicShape) {
    const data = names.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
  }
  return { object: 'list', data: names.map((id) => ({ id, object: 'model', created: 1767225600, owned_by: 'fake-llm' })) };
}

function show(body: Record<string, any>, res: ServerResponse, c: HandlerCtx, headers: Record<string, string>): void {
  const model = String(body.model ?? body.name ?? '');
  const spec = c.catalog.resolve(parseModelName(model).base);
  if (!spec) return sendJson(res, 404, { error: `model '${model}' not found` }, headers);
  sendJson(
    res,
    200,
    {
      modelfile: `FROM ${model}`,
      parameters: 'temperature 0.6',
      template: '{{ .Prompt }}',
      details: ollamaTag(model, spec).details,
      model_info: { 'general.architecture': spec.family, [`${spec.family}.context_length`]: 40960 },
      capabilities: spec.thinking ? ['completion', 'thinking'] : ['completion'],
      modified_at: '2026-01-01T00:00:00Z',
    },
    headers,
  );
}

async function generate(proto: Protocol, req: IncomingMessage, res: ServerResponse, c: HandlerCtx, cors: Record<string, string>) {
  const g = proto.parse(await readBody(req, c.opts.maxBodyBytes ?? 64 << 20));
  const { base, faults } = parseModelName(g.model);
  const active = c.counters.take(g.model, [...faults, ...parseFaultHeader(req.headers['x-fake-fault'])]);
  const headers = { ...(active.nocors ? {} : cors), ...CORP };
  const spec = c.catalog.resolve(base);
  if (!spec) return sendError(res, proto, 'not_found', g.model, headers);
  const stats = c.state.stats;
  stats.models[g.model] = (stats.models[g.model] ?? 0) + 1;
  stats.lastParams[g.model] = g.params;
  const times = (stats.times[g.model] ??= []);
  if (times.length < 100) times.push(Date.now());
  if (active.status) return sendError(res, proto, active.status, g.model, headers, credentialOf(req));
  if (active.ctx) return sendError(res, proto, 'context', g.model, headers);
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  res.once('close', () => stats.inFlight--);
  if (!(await sleepUnlessClosed((c.opts.latencyMs ?? 0) + active.delayMs + (spec.delayMs?.(g.messages) ?? 0), res))) return;
  await answer(proto, g, spec, active, res, headers, c.opts.chunkDelayMs ?? 3);
}

function sendError(res: ServerResponse, proto: Protocol, kind: 'not_found' | 'context' | number, model: string, headers: Record<string, string>, key?: string) {
  const { status, body } = proto.error(kind, model, key);
  const retry: Record<string, string> = status === 429 || status === 503 || status === 529 ? { 'Retry-After': RETRY_AFTER_S } : {};
  sendJson(res, status, body, { ...headers, ...retry });
}

async function answer(proto: Protocol, g: GenRequest, spec: ModelSpec, active: ActiveFaults, res: ServerResponse, headers: Record<string, string>, delay: number) {
  const reply = spec.reply(g.messages);
  const pieces = toPieces(reply, g.allowThinking);
  const outChars = pieces.reduce((n, p) => n + p.text.length, 0);
  const usage: Usage | null = active.nousage ? null : { input: promptTokens(g.messages), output: countTokens(outChars) };
  const sctx: StreamCtx = { model: g.model, id: `fake-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`, created: Math.floor(Date.now() / 1000) };
  if (!g.stream) return sendJson(res, 200, proto.complete(sctx, pieces, usage), headers);
  res.writeHead(200, { ...headers, 'Content-Type': proto.streamType, 'Cache-Control': 'no-cache' });
  writeAll(res, proto.start(sctx, usage));
  const cutAt = active.resetAfter === undefined ? -1 : active.resetAfter === 'half' ? Math.max(1, Math.floor(pieces.length / 2)) : active.resetAfter;
  const block = { index: 0 };
  let prev: Piece | undefined;
  const t0 = Date.now();
  // A paced reply keeps to its schedule: piece i goes out at t0 + i × delayMs, whatever the timers overshoot.
  const pause = (i: number) => (reply.pace ? t0 + (i + 1) * reply.pace.delayMs - Date.now() : delay);
  for (let i = 0; i < pieces.length; i++) {
    if (i === cutAt) return cut(res);
    writeAll(res, [...(proto.transition?.(prev, pieces[i], block) ?? []), ...proto.piece(pieces[i], sctx, block)]);
    prev = pieces[i];
    if (!(await sleepUnlessClosed(pause(i), res))) return;
  }
  if (cutAt >= pieces.length) return cut(res);
  writeAll(res, [...(proto.transition?.(prev, undefined, block) ?? []), ...proto.end(sctx, g.includeUsage ? usage : null, pieces)]);
  res.end();
}

/** A connection dropped mid-answer: the client sees a truncated chunked body. */
function cut(res: ServerResponse): void {
  // Let what was written reach the client first, so the cut lands mid-stream, not before the headers.
  setTimeout(() => res.socket?.destroy(), 20);
}
