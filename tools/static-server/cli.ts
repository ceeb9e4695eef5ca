/** `npx tsx tools/static-server/cli.ts --dir dist --prefix /rlm/ --port 4183`: see server.ts. */
import { parseArgs } from 'node:util';
import { startStaticServer } from './server';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'dist' }, prefix: { type: 'string', default: '/' },
  port: { type: 'string', default: '4183' }, host: { type: 'string', default: '127.0.0.1' } } });
const s = await startStaticServer({ dir: values.dir!, prefix: values.prefix!, port: Number(values.port), host: values.host });
console.log(`serving ${values.dir} at ${s.url} with no security headers`);
