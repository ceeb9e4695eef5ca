/**
 * Canary server for the sandbox red-team suite (e2e/redteam.spec.ts): it counts every way a request can reach it,
 * so a test can prove that code in the Python sandbox did NOT get out, and that the same request from page code
 * DID (a positive control: the suite cannot pass by not looking).
 *
 * Listens on 127.0.0.1 only (never another interface), TCP and UDP on the same port:
 *  - HTTP, any method and path: counted by pathname (`/hit/<attempt>`; the query is ignored). The answer is made
 *    to be readable from anywhere, so a control from a cross-origin-isolated page (COEP require-corp) can use it:
 *    permissive CORS (origin echoed, any method and header, private-network preflights allowed) and
 *    `Cross-Origin-Resource-Policy: cross-origin`. The body suits the path: JavaScript for `.js`/`.mjs` (so
 *    importScripts / import() / a worker script succeed), an event stream for EventSource, text otherwise.
 *    CORS preflights count as hits too: a preflight leaving the sandbox is already a leak.
 *  - WebSocket upgrades: counted by path as well (and in `upgrades`); the handshake is completed, then closed.
 *  - raw TCP connections, whatever they carry (`connections`): catches non-HTTP attempts such as TURN over TCP.
 *  - UDP datagrams (`udp`): STUN/TURN binding requests from RTCPeerConnection.
 * Control routes (not counted): `GET /__hits` (the counts and a short log), `POST /__reset`.
 * Bounded: at most MAX_PATHS distinct paths, paths cut to 200 chars, a log of the last LOG_SIZE requests, request
 * bodies read up to 1 MiB and then the socket is closed.
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const CANARY_HOST = '127.0.0.1';
const MAX_PATHS = 2_000;
const LOG_SIZE = 300;
const MAX_BODY = 1 << 20;

export interface CanaryHit {
  at: number;
  kind: 'http' | 'upgrade' | 'udp';
  method: string;
  path: string;
  origin?: string;
  userAgent?: string;
}

export interface CanaryHits {
  /** Requests (HTTP, preflights and WebSocket upgrades) per pathname. */
  paths: Record<string, number>;
  /** All HTTP requests and upgrades, on any path. */
  total: number;
  upgrades: number;
  /** TCP connections accepted (an HTTP keep-alive connection counts once). */
  connections: number;
  udp: number;
  log: CanaryHit[];
}

export interface Canary {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** ws://127.0.0.1:<port> */
  readonly wsUrl: string;
  hits(): CanaryHits;
  /** Hits on `/hit/<id>` (and anything below it, e.g. `/hit/<id>/x.whl`). */
  count(id: string): number;
  reset(): void;
  close(): Promise<void>;
}

function emptyHits(): CanaryHits {
  return { paths: {}, total: 0, upgrades: 0, connections: 0, udp: 0, log: [] };
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': typeof origin === 'string' && origin ? origin : '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS, HEAD',
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? '*'),
    'Access-Control-Allow-Private-Network': 'true',
    'Access-Control-Max-Age': '0',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Timing-Allow-Origin': '*',
    'Cache-Control': 'no-store',
    Vary: 'Origin',
  };
}

function bodyFor(req: IncomingMessage, path: string): { type: string; body: string; stream?: boolean } {
  if (/\.m?js$/.test(path)) return { type: 'text/javascript', body: `/* canary ${path} */\n` };
  if (/\.css$/.test(path)) return { type: 'text/css', body: '/* canary */\n' };
  if (String(req.headers.accept ?? '').includes('text/event-stream') || /\/sse\b|\.sse$/.test(path)) {
    return { type: 'text/event-stream', body: 'retry: 600000\ndata: canary\n\n', stream: true };
  }
  return { type: 'text/plain; charset=utf-8', body: 'canary' };
}

export async function createCanaryServer(opts: { port?: number } = {}): Promise<Canary> {
  let state = emptyHits();
  const sockets = new Set<Socket>();

  const record = (kind: CanaryHit['kind'], method: string, rawPath: string, req?: IncomingMessage) => {
    const path = rawPath.split('?')[0].slice(0, 200) || '/';
    if (kind !== 'udp') {
      state.total++;
      if (path in state.paths || Object.keys(state.paths).length < MAX_PATHS) {
        state.paths[path] = (state.paths[path] ?? 0) + 1;
      }
    }
    const hit: CanaryHit = { at: Date.now(), kind, method, path };
    if (req?.headers.origin) hit.origin = String(req.headers.origin).slice(0, 200);
    if (req?.headers['user-agent']) hit.userAgent = String(req.headers['user-agent']).slice(0, 200);
    state.log.push(hit);
    if (state.log.length > LOG_SIZE) state.log.shift();
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    if (path === '/__hits' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json', ...corsHeaders(req) });
      res.end(JSON.stringify(state));
      return;
    }
    if (path === '/__reset' && req.method === 'POST') {
      state = emptyHits();
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    record('http', req.method ?? '?', url, req);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
    });
    req.on('error', () => undefined);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    const { type, body, stream } = bodyFor(req, path);
    res.writeHead(200, { 'Content-Type': type, ...corsHeaders(req) });
    if (stream) {
      // One event, then close: EventSource would reconnect after `retry` (10 min), i.e. not during a test.
      res.write(body);
      setTimeout(() => res.end(), 50);
    } else {
      res.end(req.method === 'HEAD' ? undefined : body);
    }
  });

  server.on('connection', (s: Socket) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.setTimeout(10_000, () => s.destroy());
  });
  // Non-HTTP bytes on the TCP port (e.g. TURN over TCP): already counted as a connection; just drop them.
  server.on('clientError', (_err, s: Socket) => s.destroy());

  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    state.upgrades++;
    record('upgrade', req.method ?? 'GET', req.url ?? '/', req);
    socket.on('error', () => undefined);
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return void socket.destroy();
    const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '').split(',')[0].trim();
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n` + (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') + '\r\n',
    );
    // A text frame "canary", then a close frame, then hang up.
    socket.write(Buffer.concat([Buffer.from([0x81, 6]), Buffer.from('canary')]));
    setTimeout(() => {
      socket.end(Buffer.from([0x88, 0]));
      setTimeout(() => socket.destroy(), 100);
    }, 100);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, CANARY_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (_msg, rinfo) => {
    state.udp++;
    record('udp', 'DGRAM', `udp:${rinfo.address}`);
  });
  udp.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    // Best effort: a taken UDP port must not stop the HTTP canary (udp then just stays 0 for everyone).
    udp.once('error', () => resolve());
    udp.bind(port, CANARY_HOST, () => resolve());
  });

  return {
    port,
    url: `http://${CANARY_HOST}:${port}`,
    wsUrl: `ws://${CANARY_HOST}:${port}`,
    hits: () => structuredClone(state),
    count: (id: string) =>
      Object.entries(state.paths)
        .filter(([p]) => p === `/hit/${id}` || p.startsWith(`/hit/${id}/`) || p.startsWith(`/hit/${id}.`))
        .reduce((n, [, c]) => n + c, 0),
    reset: () => {
      state = emptyHits();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      try {
        udp.close();
      } catch {
        // already closed
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
