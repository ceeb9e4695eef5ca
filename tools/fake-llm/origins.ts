/**
 * Ollama's origin check, so tests can see what a hosted page sees. Ollama
 * (gin-contrib/cors) answers a request or preflight from an origin it does not
 * allow with a bare 403 and no CORS headers; a request without Origin (curl,
 * a same-origin or no-cors GET) is never checked.
 */

/** Ollama's built-in origins (envconfig.AllowedOrigins), added to whatever OLLAMA_ORIGINS lists. */
export const OLLAMA_DEFAULT_ORIGINS: readonly string[] = [
  ...['localhost', '127.0.0.1', '0.0.0.0'].flatMap((h) => [`http://${h}`, `https://${h}`, `http://${h}:*`, `https://${h}:*`]),
  'app://*',
  'file://*',
  'tauri://*',
  'vscode-webview://*',
  'vscode-file://*',
];

/** `--allowed-origins` value → patterns: comma-separated, `ollama` stands for Ollama's defaults, `*` (or nothing) allows all. */
export function parseAllowedOrigins(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '*') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((s) => (s === 'ollama' ? OLLAMA_DEFAULT_ORIGINS : [s]));
}

function matches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(origin);
}

/** true when the request may go on: no Origin header, no list (allow all), or a matching pattern. */
export function originAllowed(origin: string | undefined, patterns: readonly string[] | undefined): boolean {
  if (!patterns || origin === undefined) return true;
  return patterns.some((p) => matches(p, origin));
}
