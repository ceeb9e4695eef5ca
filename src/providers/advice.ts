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
    `To let this page talk to Ollama, set \`OLLAMA_ORIGINS=${origin}\` and restart Ollama (already set? add this origin after a comma):`,
    `• Linux (systemd): \`sudo systemctl edit ollama\`, add under [Service] the line \`Environment="OLLAMA_ORIGINS=${origin}"\`, then \`sudo systemctl restart ollama\``,
    `• macOS: \`launchctl setenv OLLAMA_ORIGINS "${origin}"\`, then quit and reopen the Ollama app (launchctl forgets it at reboot)`,
    `• Windows: \`setx OLLAMA_ORIGINS "${origin}"\` (or Settings → "Edit environment variables for your account"), then quit Ollama from the tray and start it again`,
    `• By hand: \`OLLAMA_ORIGINS=${origin} ollama serve\``,
  ].join('\n');
}

/** Ollama's refusal has no CORS headers, so the page only ever sees the browser's generic failure. */
const BLOCKED_LOOKS_LIKE =
  'What a refusal looks like: Ollama answers 403 Forbidden without CORS headers, so the browser hides it behind a network error ("Failed to fetch"); DevTools shows "blocked by CORS policy" in the Console and "CORS error" in the Network tab.';

/** Chrome 142+ asks before a public page reaches this machine; a Block looks exactly like a server that is down. */
const LOCAL_NETWORK_ACCESS =
  'Chrome: a page on the internet calling Ollama on this machine first asks "… wants to look for and connect to any device on your local network". If it was blocked (or dismissed), every request fails like a network error: click the site-settings icon left of the address bar, set Local network access to Allow, then Try again.';

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

/**
 * For a page Ollama does not trust by default (a LAN address, a hosted copy):
 * the OLLAMA_ORIGINS fix for this very origin comes first, since a refused
 * origin is the likeliest cause and fetch alone cannot tell it from a stopped server.
 */
function untrustedPageAdvice(endpoint: string, reason: ConnectionReason, origin: string): string {
  const lead =
    reason === 'cors'
      ? `Ollama at ${endpoint} is running but refuses requests from this page (${origin}): stock Ollama trusts only pages served from localhost, 127.0.0.1 and 0.0.0.0.`
      : `Could not reach Ollama at ${endpoint} from this page (${origin}). Either Ollama refuses this origin (stock Ollama trusts only pages served from localhost, 127.0.0.1 and 0.0.0.0), the browser blocked the request, or Ollama is not running: the page cannot tell which.`;
  const lines = [lead, ollamaOriginsHelp(origin)];
  if (reason !== 'cors') {
    if (!isLoopback(origin)) lines.push(LOCAL_NETWORK_ACCESS);
    lines.push(`${START_OLLAMA} ${remoteListenHint(endpoint)}`);
  }
  lines.push(BLOCKED_LOOKS_LIKE);
  return lines.join('\n');
}

export function connectionAdvice(
  provider: ProviderKind,
  endpoint: string,
  reason: ConnectionReason,
  origin?: string,
  hint?: string,
): string {
  if (provider === 'ollama' && ollamaTrustsOrigin(origin)) return trustedPageAdvice(endpoint, reason);
  if (provider === 'ollama' && origin) return untrustedPageAdvice(endpoint, reason, origin);
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
