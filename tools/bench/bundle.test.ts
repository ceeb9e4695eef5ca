import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { firstLoadTags, measureDist, measurePrecache } from './bundle';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dist(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bundle-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const gz = (s: string) => gzipSync(Buffer.from(s), { level: 9 }).length;

describe('first-load bundle size', () => {
  it('reads module scripts, modulepreloads and stylesheets from index.html', () => {
    const html = `<script type="module" crossorigin src="/assets/index.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor.js"><link rel="icon" href="/favicon.svg">
      <link rel="stylesheet" href="/assets/index.css"><script src="/legacy.js"></script>`;
    expect(firstLoadTags(html)).toEqual({ scripts: ['/assets/index.js'], preloads: ['/assets/vendor.js'], styles: ['/assets/index.css'] });
  });

  it('counts static imports transitively, never dynamic imports, the sandbox worker or Pyodide', () => {
    const body = { entry: 'a'.repeat(500) + 'entry', shared: 'shared();'.repeat(40), deep: 'deep', lazy: 'x'.repeat(9000),
      css: 'body{color:red}', lazyCss: '.x{}' };
    const manifest = {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_shared.js'], dynamicImports: ['src/lazy.ts'],
        css: ['assets/index.css'], assets: ['assets/sandbox/rlm-sandbox-worker.js'] },
      '_shared.js': { file: 'assets/shared.js', imports: ['_deep.js', 'index.html'] },
      '_deep.js': { file: 'assets/deep.js' },
      'src/lazy.ts': { file: 'assets/lazy.js', isDynamicEntry: true, imports: ['_shared.js'], css: ['assets/lazy.css'] },
    };
    const d = dist({
      'index.html': '<script type="module" src="/assets/index.js"></script><link rel="stylesheet" href="/assets/index.css">',
      '.vite/manifest.json': JSON.stringify(manifest),
      'assets/index.js': body.entry, 'assets/shared.js': body.shared, 'assets/deep.js': body.deep,
      'assets/lazy.js': body.lazy, 'assets/index.css': body.css, 'assets/lazy.css': body.lazyCss,
      'assets/sandbox/rlm-sandbox-worker.js': 'worker'.repeat(100),
    });
    const size = measureDist(d);
    expect(size.js.map((f) => f.file).sort()).toEqual(['assets/deep.js', 'assets/index.js', 'assets/shared.js']);
    expect(size.jsGzipBytes).toBe(gz(body.entry) + gz(body.shared) + gz(body.deep));
    expect(size.css.map((f) => f.file)).toEqual(['assets/index.css']);
    expect(size.cssGzipBytes).toBe(gz(body.css));
  });

  it('fails loudly when index.html names a script the manifest does not know', () => {
    const d = dist({ 'index.html': '<script type="module" src="/assets/other.js"></script>', '.vite/manifest.json': '{}' });
    expect(() => measureDist(d)).toThrow(/manifest does not list/);
  });
});

describe('offline precache size', () => {
  it("sums each entry of sw.js's precache manifest once", () => {
    const dir = dist({
      'sw.js': 'precacheAndRoute([{"revision":"a","url":"index.html"},{"revision":"b","url":"pyodide/x.wasm"},{url:"index.html",revision:"a"}])',
      'index.html': 'x'.repeat(100),
      'pyodide/x.wasm': 'y'.repeat(1000),
      'not-precached.js': 'z'.repeat(5000),
    });
    expect(measurePrecache(dir)).toEqual({ files: 2, bytes: 1100 });
  });
});
