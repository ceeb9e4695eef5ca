/** `npm run tiny-model -- out.gguf [reply|babble]`: writes the tiny test model (tiny-model.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tinyModel, type TinyKind } from './tiny-model';

const [out, kind = 'reply'] = process.argv.slice(2);
if (!out || (kind !== 'reply' && kind !== 'babble')) {
  console.error('usage: npm run tiny-model -- <out.gguf> [reply|babble]');
  process.exit(2);
}
const bytes = tinyModel(kind as TinyKind);
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, bytes);
console.log(`${out}: ${bytes.length} bytes (${kind})`);
