/**
 * `npx tsx tools/canary/cli.ts [--port 11436]`: a standalone canary (the red-team spec starts its own in-process).
 * Counts hits per path; `GET /__hits` shows them, `POST /__reset` clears them. Loopback only.
 */
import { createCanaryServer } from './server';

const i = process.argv.indexOf('--port');
const canary = await createCanaryServer({ port: i >= 0 ? Number(process.argv[i + 1]) : 11436 });
console.log(`canary on ${canary.url} (and udp://127.0.0.1:${canary.port}); hits: GET ${canary.url}/__hits`);
const stop = () => void canary.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
