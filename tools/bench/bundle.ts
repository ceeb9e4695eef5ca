/**
 * `bundle_kb_gzip` / `bundle_css_kb_gzip`: what the browser must fetch before the app can start, from the real
 * production build of the repo's vite.config.ts. The first load = the entry <script> and every <link rel=modulepreload>
 * in dist/index.html, plus the chunks the entry statically imports (Vite's manifest `imports`, followed transitively;
 * `dynamicImports` load later, on use, so they are not counted). Pyodide and the sandbox worker load in the worker, not
 * on the page's critical path, and are excluded (they are never static imports; the filter makes sure). Each file is
 * gzipped at zlib level 9 and the sizes summed; kB = 1,000 bytes.
 *
 *   npx tsx tools/bench/bundle.ts     # standalone: builds, prints the JSON (with the per-file list) on stdout
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Console } from 'node:console';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, createLogger } from 'vite';
import { r } from './stats';

type Json = Record<string, unknown>;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  js: BundleFile[];
  css: BundleFile[];
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** Issue 8: at most this much JS (gzip kB) on the first load. */
export const BUNDLE_LIMIT_KB = 250;

const EXCLUDED = /(^|\/)(pyodide|sandbox)(\/|[-.])/;

/** `src`/`href` of the tags in index.html that the page loads before running: module scripts, modulepreloads, CSS. */
export function firstLoadTags(html: string): { scripts: string[]; preloads: string[]; styles: string[] } {
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
  const scripts: string[] = [];
  const preloads: string[] = [];
  const styles: string[] = [];
  for (const tag of tags) {
    if (/^<script/i.test(tag)) {
      const src = attr(tag, 'src');
      if (src && attr(tag, 'type') === 'module') scripts.push(src);
      continue;
    }
    const rel = attr(tag, 'rel')?.toLowerCase();
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel === 'modulepreload') preloads.push(href);
    else if (rel === 'stylesheet') styles.push(href);
  }
  return { scripts, preloads, styles };
}

/** Output paths (relative to dist) reachable from `roots` through static `imports`, with their CSS. */
export function staticClosure(manifest: Manifest, roots: string[]): { js: string[]; css: string[] } {
  const byFile = new Map(Object.entries(manifest).map(([key, c]) => [c.file, key]));
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk "${key}"`);
    seen.add(key);
    chunk.css?.forEach((c) => css.add(c));
    chunk.imports?.forEach(visit);
  };
  for (const file of roots) {
    const key = byFile.get(file);
    if (!key) throw new Error(`index.html loads ${file}, which the manifest does not list`);
    visit(key);
  }
  return { js: [...seen].map((k) => manifest[k].file), css: [...css] };
}

function sizeOf(dist: string, file: string): BundleFile {
  const bytes = readFileSync(path.join(dist, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

const rel = (url: string) => url.replace(/^\.?\//, '');

/** Measures a finished build in `dist` (which must hold .vite/manifest.json). */
export function measureDist(dist: string): BundleSize {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const tags = firstLoadTags(html);
  if (tags.scripts.length === 0) throw new Error('index.html has no module script');
  const closure = staticClosure(manifest, tags.scripts.map(rel));
  const jsFiles = new Set([...closure.js, ...tags.preloads.map(rel)].filter((f) => !EXCLUDED.test(f)));
  const cssFiles = new Set([...closure.css, ...tags.styles.map(rel)]);
  const js = [...jsFiles].map((f) => sizeOf(dist, f));
  const css = [...cssFiles].map((f) => sizeOf(dist, f));
  const sum = (xs: BundleFile[]) => xs.reduce((a, x) => a + x.gzipBytes, 0);
  return { js, css, jsGzipBytes: sum(js), cssGzipBytes: sum(css) };
}

/** What the service worker precaches (the entries of dist/sw.js's manifest, each counted once): its files and bytes. */
export function measurePrecache(dist: string): { files: number; bytes: number } {
  const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const urls = new Set([...sw.matchAll(/\burl"?:\s*"([^"]+)"/g)].map((m) => m[1]));
  if (urls.size === 0) throw new Error('sw.js lists no precache entries');
  let bytes = 0;
  for (const u of urls) bytes += readFileSync(path.join(dist, u)).length;
  return { files: urls.size, bytes };
}

/** Builds the app (repo vite.config.ts, manifest on) into .bench/bundle and measures it. */
export async function buildAndMeasure(repo: string): Promise<BundleSize & { precache: { files: number; bytes: number } }> {
  const dist = path.join(repo, '.bench/bundle');
  const customLogger = createLogger('warn', { console: new Console(process.stderr) });
  await build({ root: repo, configFile: path.join(repo, 'vite.config.ts'), customLogger, logLevel: 'warn',
    build: { outDir: dist, emptyOutDir: true, manifest: true, reportCompressedSize: false } });
  return { ...measureDist(dist), precache: measurePrecache(dist) };
}

export async function phaseBundle(repo: string, log: (m: string) => void, out: Json, notes: Json): Promise<void> {
  const size = await buildAndMeasure(repo);
  out.bundle_kb_gzip = r(size.jsGzipBytes / 1000, 1);
  out.bundle_css_kb_gzip = r(size.cssGzipBytes / 1000, 1);
  out.precache_mb = r(size.precache.bytes / 1e6, 1);
  notes.precache_files = size.precache.files;
  const list = (xs: BundleFile[]) => xs.map((f) => ({ file: f.file, kb: r(f.bytes / 1000, 1), kb_gzip: r(f.gzipBytes / 1000, 1) }));
  Object.assign(notes, {
    bundle_files: list(size.js),
    bundle_css_files: list(size.css),
    bundle_limit_kb_gzip: BUNDLE_LIMIT_KB,
    bundle_check: size.jsGzipBytes / 1000 <= BUNDLE_LIMIT_KB ? `ok (<= ${BUNDLE_LIMIT_KB} kB)` : `OVER ${BUNDLE_LIMIT_KB} kB`,
  });
  log(`bundle: first-load JS ${out.bundle_kb_gzip} kB gzip in ${size.js.length} file(s), CSS ${out.bundle_css_kb_gzip} kB; ` +
    `offline precache ${out.precache_mb} MB in ${size.precache.files} files`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out: Json = {};
  const notes: Json = {};
  phaseBundle(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    (m) => process.stderr.write(`${m}\n`), out, notes)
    .then(() => process.stdout.write(JSON.stringify({ ...out, ...notes }) + '\n'))
    .catch((e: unknown) => {
      process.stderr.write(`bundle failed: ${String((e as Error)?.stack ?? e)}\n`);
      process.exitCode = 1;
    });
}
