/**
 * Ollama's `POST /api/pull`, faked: a streamed NDJSON progress sequence shaped
 * like the real one (manifest, layers with total/completed, verify, write,
 * success), after which the name is installed in the catalog and answers
 * like `solver` (or `solver-think` for thinking-looking names). Names starting
 * with `nosuch` fail the way a registry miss does.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, sleepUnlessClosed, writeAll } from './http';
import type { ModelCatalog } from './policies';

const LAYER_BYTES = 2_500_000_000;
const STEPS = 10;
const NAME_RE = /^[a-z0-9][\w.\-/]*(:[\w.\-]+)?$/i;

export interface PullOptions {
  /** Pause between progress lines. */
  stepDelayMs: number;
}

function progressLines(name: string): Record<string, unknown>[] {
  const digest = `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`;
  const layer = Array.from({ length: STEPS + 1 }, (_, i) => ({
    status: `pulling ${digest.slice(7, 19)}`,
    digest,
    total: LAYER_BYTES,
    completed: Math.round((LAYER_BYTES * i) / STEPS),
  }));
  return [
    { status: 'pulling manifest' },
    ...layer,
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
    { status: 'success' },
  ];
}

export async function pull(body: Record<string, unknown>, res: ServerResponse, catalog: ModelCatalog, headers: Record<string, string>, opts: PullOptions) {
  const name = String(body.model ?? body.name ?? '');
  const stream = body.stream !== false;
  const missing = !NAME_RE.test(name) || name.startsWith('nosuch');
  const error = { error: 'pull model manifest: file does not exist' };
  if (!stream) {
    if (missing) return sendJson(res, 500, error, headers);
    catalog.install(name);
    return sendJson(res, 200, { status: 'success' }, headers);
  }
  // Like Ollama: the answer is 200 NDJSON; a failure arrives as an `error` line.
  res.writeHead(200, { ...headers, 'Content-Type': 'application/x-ndjson' });
  const lines: Record<string, unknown>[] = missing ? [{ status: 'pulling manifest' }, error] : progressLines(name);
  for (const line of lines) {
    if (line.status === 'success') catalog.install(name);
    writeAll(res, [JSON.stringify(line) + '\n']);
    if (!(await sleepUnlessClosed(opts.stepDelayMs, res))) return;
  }
  res.end();
}
