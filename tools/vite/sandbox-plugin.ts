/**
 * Vite plugin for the Python sandbox (src/sandbox):
 *  - serves Pyodide's runtime files from node_modules under /pyodide/ in dev and copies them to dist/pyodide/ at
 *    build, so the worker never loads anything from a CDN;
 *  - makes the page cross-origin isolated (COOP/COEP) in dev and preview, which unlocks SharedArrayBuffer and so
 *    the interrupt buffer that stops runaway Python without killing the worker;
 *  - sends the sandbox CSP on the worker script's own response (and the Pyodide files). A worker's CSP comes from
 *    its script response, not from the page: this header is what stops model-written Python from reaching the
 *    network (e2e/redteam.spec.ts tries to get past it). Production hosting must send the
 *    same headers: public/_headers documents them for Netlify / Cloudflare Pages.
 */
import { createReadStream, existsSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The only files Pyodide needs to boot offline (stdlib only; wheels are not shipped). */
export const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

import { ISOLATION_HEADERS, SANDBOX_CSP, WORKER_ASSET_DIR } from '../../src/sandbox/headers.ts';

export { ISOLATION_HEADERS, SANDBOX_CSP, WORKER_ASSET_DIR };

const MIME: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

/** Pathnames that must carry the sandbox CSP: the worker script (dev and built names) and the Pyodide files. */
export function needsSandboxCsp(url: string): boolean {
  const [pathname, query = ''] = url.split('?');
  if (pathname.startsWith('/pyodide/')) return true;
  if (pathname.startsWith('/' + WORKER_ASSET_DIR)) return true;
  // Dev: Vite serves the worker entry as /src/sandbox/worker.ts?worker_file&type=module.
  return pathname.endsWith('/src/sandbox/worker.ts') && query.includes('worker_file');
}

function pyodideDir(root: string): string {
  for (const base of [path.join(root, 'package.json'), import.meta.url]) {
    try {
      return path.dirname(createRequire(base).resolve('pyodide/package.json'));
    } catch {
      // try the next base: a root outside this repo (e.g. a test page) resolves from the plugin's own location
    }
  }
  throw new Error('sandbox-plugin: cannot find the pyodide package (npm install pyodide)');
}

/** Sets isolation headers on everything and the CSP on sandbox files; must run before Vite's own middlewares. */
function headersMiddleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (req.url && needsSandboxCsp(req.url)) res.setHeader('Content-Security-Policy', SANDBOX_CSP);
    next();
  };
}

/** Dev only: stream /pyodide/<file> straight from node_modules (no copy into public/). */
function pyodideMiddleware(dir: string): Connect.NextHandleFunction {
  const allowed = new Set<string>(PYODIDE_FILES);
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (!pathname.startsWith('/pyodide/')) return next();
    const file = pathname.slice('/pyodide/'.length);
    if (!allowed.has(file)) {
      res.statusCode = 404;
      res.end('not a Pyodide runtime file');
      return;
    }
    const full = path.join(dir, file);
    res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(full).size));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(full).pipe(res);
  };
}

export function sandboxPlugin(): Plugin {
  let root = process.cwd();
  let outDir = 'dist';
  return {
    name: 'rlm-sandbox',
    config() {
      return {
        worker: {
          rolldownOptions: {
            output: {
              // A stable, recognisable name for the sandbox worker so hosting can match it for the CSP.
              entryFileNames: (chunk) =>
                chunk.facadeModuleId?.replace(/\\/g, '/').endsWith('/src/sandbox/worker.ts')
                  ? `${WORKER_ASSET_DIR}rlm-sandbox-worker-[hash].js`
                  : 'assets/[name]-[hash].js',
            },
          },
        },
      };
    },
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(headersMiddleware());
      server.middlewares.use(pyodideMiddleware(pyodideDir(root)));
    },
    configurePreviewServer(server) {
      // dist/pyodide/ exists after a build; sirv serves it, we only add headers.
      server.middlewares.use(headersMiddleware());
    },
    writeBundle() {
      const src = pyodideDir(root);
      const dest = path.join(outDir, 'pyodide');
      if (!existsSync(dest)) mkdirSync(dest, { recursive: true });
      for (const f of PYODIDE_FILES) copyFileSync(path.join(src, f), path.join(dest, f));
    },
  };
}
