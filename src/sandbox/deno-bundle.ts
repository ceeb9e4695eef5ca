/**
 * Node side: where the Deno sandbox's pieces are. The deno binary comes from the `deno` npm package (its platform
 * package @deno/<target>; npm may skip its postinstall, so we ask its own install API, which copies or falls back).
 * The engine bundle (deno-main.ts + deno-engine.ts with the Python scaffold inlined) is built by `npm run build`
 * into dist-sandbox/ for the package; from a source checkout it is bundled on first use into the cache dir, keyed by
 * its content, so an edited engine is never run stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const MAIN_FILE = 'rlm-deno-main.js';
export const ENGINE_FILE = 'rlm-deno-engine.js';
export const PREBUILT_DIR = 'dist-sandbox';

/** $RLM_STUDIO_CACHE_DIR, else $XDG_CACHE_HOME/rlm-studio, else ~/.cache/rlm-studio. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RLM_STUDIO_CACHE_DIR) return env.RLM_STUDIO_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'rlm-studio');
}

/** The deno executable: $RLM_STUDIO_DENO if set, else the one the `deno` npm package provides. */
export function denoExecutable(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RLM_STUDIO_DENO) return env.RLM_STUDIO_DENO;
  try {
    return (require('deno/install_api.cjs') as { runInstall(): string }).runInstall();
  } catch (e) {
    throw new Error(`The Deno runtime the Python sandbox needs was not found (${(e as Error).message}). ` +
      'Reinstall rlm-studio with optional dependencies (npm install --include=optional), or set RLM_STUDIO_DENO to a ' +
      'deno executable.');
  }
}

/** Pyodide's directory (pyodide.mjs, the wasm, the stdlib), with a trailing separator. */
export function pyodideDir(): string {
  return path.dirname(require.resolve('pyodide/package.json')) + path.sep;
}

/** Builds both bundles in memory (esbuild, only present in a source checkout). */
export function bundleSandbox(): { name: string; text: string }[] {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: { 'rlm-deno-main': path.join(here, 'deno-main.ts'), 'rlm-deno-engine': path.join(here, 'deno-engine.ts') },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    outdir: '/',
    logLevel: 'silent',
    loader: { '.py': 'text' },
  });
  return result.outputFiles.map((f) => ({ name: path.basename(f.path), text: f.text }));
}

/** Writes the bundles into `dir` atomically (a temp dir renamed into place). */
export function writeBundle(dir: string, files = bundleSandbox()): void {
  const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(tmp, { recursive: true });
  for (const f of files) writeFileSync(path.join(tmp, f.name), f.text);
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, MAIN_FILE))) throw e; // another process won the race: its copy is the same
  }
}

function packageRoot(): string | null {
  for (let d = here; d !== path.dirname(d); d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'rlm-studio') return d;
  }
  return null;
}

let memo: string | null = null;

/** The directory holding MAIN_FILE and ENGINE_FILE (and nothing the sandbox should not read). */
export function sandboxBundleDir(): string {
  if (memo && existsSync(path.join(memo, MAIN_FILE))) return memo;
  if (existsSync(path.join(here, 'deno-main.ts')) && existsSync(path.join(here, 'engine.ts'))) {
    const files = bundleSandbox();
    const hash = createHash('sha256').update(files.map((f) => f.name + '\0' + f.text).join('\0')).digest('hex');
    const dir = path.join(cacheDir(), 'deno-sandbox', hash.slice(0, 16));
    if (!existsSync(path.join(dir, ENGINE_FILE))) writeBundle(dir, files);
    return (memo = dir);
  }
  const root = packageRoot();
  const dir = root && path.join(root, PREBUILT_DIR);
  if (!dir || !existsSync(path.join(dir, MAIN_FILE))) {
    throw new Error(`The Deno sandbox bundle is missing (${dir ?? PREBUILT_DIR}/${MAIN_FILE}): run npm run build.`);
  }
  return (memo = dir);
}
