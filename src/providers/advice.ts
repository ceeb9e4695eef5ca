/**
 * What to tell someone whose page cannot talk to the server. Stock Ollama
 * already trusts pages served from localhost, 127.0.0.1 and 0.0.0.0 on any
 * port (its default origins, next to OLLAMA_ORIGINS), so the OLLAMA_ORIGINS
 * recipe is only advice for a page elsewhere: a LAN address or a hosted copy.
 * The page knows its own origin, so it can tell which case it is in.
 */
import type { ProviderKind } from '../core/types';
import { isLoopback } from './util';

const OLLAMA_TRUSTED_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0']);

/** true when stock Ollama accepts requests from a page at `origin` without any OLLAMA_ORIGINS. */
export function ollamaTrustsOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && OLLAMA_TRUSTED_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

/** The OLLAMA_ORIGINS recipe per OS, for a page origin Ollama does not allow yet. */
export function ollamaOriginsHelp(origin: string): string {
  return [
    `To let this page (${origin}) talk to Ollama, set OLLAMA_ORIGINS and restart Ollama:`,
    `• Linux (systemd): \`sudo systemctl edit ollama\`, add under [Service] the line \`Environment="OLLAMA_ORIGINS=${origin}"\`, then \`sudo systemctl restart ollama\``,
    `• macOS: \`launchctl setenv OLLAMA_ORIGINS "${origin}"\`, then quit and reopen the Ollama app`,
    `• Windows: \`setx OLLAMA_ORIGINS "${origin}"\`, then quit Ollama from the tray and start it again`,
    `• Manual: \`OLLAMA_ORIGINS="${origin}" ollama serve\``,
  ].join('\n');
}

export type ConnectionReason = 'unreachable' | 'cors' | 'unknown';

const START_OLLAMA = 'Ollama may not be running: start it with `ollama serve` (or open the Ollama app).';

/** Ollama on another machine answers only itself until told to listen on the network. */
function remoteListenHint(endpoint: string): string {
  return isLoopback(endpoint)
    ? 'Or it listens on another port: check the address (Ollama’s default is http://localhost:11434).'
    : 'Or it listens on another port, or only to its own machine: start it there with `OLLAMA_HOST=0.0.0.0 ollama serve`, and check the address and any firewall.';
}

/** For a page Ollama trusts by default: what is really likely, and no OLLAMA_ORIGINS. */
function trustedPageAdvice(endpoint: string, reason: ConnectionReason): string {
  if (reason === 'cors') {
    return [
      `The server at ${endpoint} is running but refuses requests from this page (CORS).`,
      'Ollama itself accepts pages served from localhost, 127.0.0.1 and 0.0.0.0 on any port, so something else probably answers at this address (another program on that port, or a proxy that drops the CORS headers).',
      `Check the host and port above, and what answers there (Ollama replies with its version): \`curl ${endpoint}/api/version\``,
    ].join('\n');
  }
  const first = reason === 'unreachable' ? `Could not reach ${endpoint}: nothing answered there.` : `Could not connect to ${endpoint}.`;
  return `${first} ${START_OLLAMA}\n${remoteListenHint(endpoint)}`;
}

export function connectionAdvice(
  provider: ProviderKind,
  endpoint: string,
  reason: ConnectionReason,
  origin?: string,
  hint?: string,
): string {
  if (provider === 'ollama' && ollamaTrustsOrigin(origin)) return trustedPageAdvice(endpoint, reason);
  const page = origin ?? 'this page’s origin';
  const cors =
    provider === 'ollama' ? ollamaOriginsHelp(page) : `The server must send CORS headers allowing ${page}${hint ? ` (${hint})` : ''}.`;
  if (reason === 'cors') {
    return `The server at ${endpoint} is running but refuses requests from this page (CORS).\n${cors}`;
  }
  const start = provider === 'ollama' ? 'Start it with `ollama serve` (or open the Ollama app).' : 'Check the address and your network.';
  if (reason === 'unreachable') {
    const also = provider === 'ollama' ? `\nIf Ollama is running there and this persists, the browser may be blocking this page.\n${cors}` : '';
    return `Could not reach ${endpoint}: nothing answered there. ${start}${also}`;
  }
  return `Could not connect to ${endpoint}. Either the server is not running (${start}) or it is running but blocks this page (CORS).\n${cors}`;
}
