/**
 * The plainest static host: serves a folder under a path prefix and sends no headers beyond Content-Type and
 * Content-Length (no COOP/COEP, no CSP, no caching), like GitHub Pages or a bare bucket would as far as the sandbox
 * is concerned. e2e/hosting.spec.ts serves the production build with it at /rlm/ to check that the page notices the
 * missing layers and that the service worker supplies them.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** `prefix` like '/rlm/'; requests outside it, or for a missing file, get 404. */
export function startStaticServer(opts: { dir: string; prefix: string; port: number; host?: string }): Promise<StaticServer> {
  const root = path.resolve(opts.dir);
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!pathname.startsWith(opts.prefix)) return notFound(res);
    let file = path.join(root, pathname.slice(opts.prefix.length));
    if (!file.startsWith(root)) return notFound(res);
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve({
      url: `http://${host}:${opts.port}${opts.prefix}`,
      close: () => new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections(); // keep-alive sockets would keep "serving" after a stop
      }),
    }));
  });
}

function notFound(res: import('node:http').ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}
