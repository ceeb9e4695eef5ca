/**
 * `npm run fake-llm -- --port 11435 [--latency 200] [--chunk-delay 3] [--no-cors] [--allowed-origins ollama,https://x.example]`
 * `--allowed-origins`: refuse other origins as Ollama does (`ollama` = its defaults); all are allowed without it.
 * Point the app's Ollama host, OpenAI base URL (+/v1) or Anthropic base URL at it.
 */
import { parseAllowedOrigins } from './origins';
import { createFakeLlmServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const server = await createFakeLlmServer({
  port: Number(arg('port') ?? 11435),
  latencyMs: Number(arg('latency') ?? 0),
  chunkDelayMs: arg('chunk-delay') !== undefined ? Number(arg('chunk-delay')) : undefined,
  cors: !process.argv.includes('--no-cors'),
  allowedOrigins: parseAllowedOrigins(arg('allowed-origins')),
});

console.log(`fake LLM server on ${server.url}
  Ollama host:       ${server.url}
  OpenAI base URL:   ${server.url}/v1
  Anthropic baseURL: ${server.url}
  stats:             GET ${server.url}/__stats   reset: POST ${server.url}/__reset
  scripts:           POST ${server.url}/__script {"model":"name","responses":["..."]}`);

const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
