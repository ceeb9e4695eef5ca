/**
 * `npm run build:sandbox`: bundles the Deno sandbox (src/sandbox/deno-main.ts + deno-engine.ts with the Python
 * scaffold inlined) into dist-sandbox/, which the package ships: an installed rlm-studio has no esbuild to bundle
 * on first use (see src/sandbox/deno-bundle.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREBUILT_DIR, writeBundle } from '../../src/sandbox/deno-bundle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, PREBUILT_DIR);
writeBundle(out);
console.log(`Deno sandbox bundle written to ${path.relative(root, out)}/`);
