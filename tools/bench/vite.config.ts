/**
 * Vite config of the bench page (tools/bench/index.html): the real sandbox client and providers, bundled the way the
 * app is (module worker, Pyodide self-hosted under /pyodide/, COOP/COEP and the worker CSP from the same plugin).
 * Built to .bench/dist (gitignored) and served with `vite preview` by run.ts; never part of the app's own build.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import { sandboxPlugin } from '../vite/sandbox-plugin.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BENCH_OUT_DIR = path.resolve(here, '../../.bench/dist');

export default defineConfig({
  root: here,
  // Not the repo's public/ (it may hold a stale pyodide copy); the plugin serves and copies Pyodide itself.
  publicDir: false,
  plugins: [sandboxPlugin()],
  optimizeDeps: { exclude: ['pyodide'] },
  worker: { format: 'es' },
  build: {
    outDir: BENCH_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
  },
});
