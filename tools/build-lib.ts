/**
 * Builds the npm package's Node side into lib/: the library (lib/index.js + lib/types), the `rlm-studio` command
 * (lib/cli.js) and the sandbox thread's entry (lib/sandbox-worker.js, the Python inlined). The page is vite's (dist/).
 * Runtime dependencies stay external: npm installs them for the user.
 */
import { readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { build, type Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> };

/** vite's `?raw` (the Python files), for the worker entry. */
const raw: Plugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: new URL(a.path.replace(/\?raw$/, ''), `file://${a.resolveDir}/`).pathname, namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (a) => ({ contents: await readFile(a.path, 'utf8'), loader: 'text' }));
  },
};

await rm(`${root}lib`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/node/index.ts', cli: 'src/node/cli/bin.ts', 'sandbox-worker': 'src/node/sandbox-worker.ts' },
  outdir: 'lib',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // The in-page model (wllama) is a browser-only provider: its lazy import stays out of the Node package.
  external: [...Object.keys(pkg.dependencies), '@wllama/*'],
  plugins: [raw],
  logLevel: 'warning',
});
execFileSync('npx', ['tsc', '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
console.log('built lib/');
