/**
 * The sandbox worker checks its own boundary at start-up, so the page can say which layers hold on this host
 * (a static host may ignore public/_headers, and before the service worker takes over nothing adds them):
 *  - scope: the network and worker APIs are gone from the worker's global scope (engine.ts deletes them; if any
 *    survives, Python is never started);
 *  - csp: the worker's own Content-Security-Policy refuses a cross-origin fetch and a nested worker. Read from the
 *    securitypolicyviolation events, never from the request failing: a network error proves nothing;
 *  - isolated: crossOriginIsolated, i.e. SharedArrayBuffer, which Stop uses to interrupt Python in place.
 */
import type { BoundaryLayers } from './protocol';

/** Cross-origin, and on a port browsers never connect to (port 1 is on the fetch spec's bad-port list): without a
 * CSP the probe fails locally and no packet leaves the machine. */
export const CSP_PROBE_URL = 'http://127.0.0.1:1/rlm-csp-probe';
/** A worker script that would do nothing if it ever started. */
const NESTED_WORKER_URL = 'data:text/javascript,';
/** How long a refused probe's violation event may take to arrive (it is queued as a task). */
const EVENT_WAIT_MS = 250;

interface ProbeScope {
  fetch?: (url: string) => Promise<unknown>;
  Worker?: new (url: string, opts?: object) => { terminate(): void };
  addEventListener?: (type: string, fn: (e: Event) => void) => void;
  removeEventListener?: (type: string, fn: (e: Event) => void) => void;
  crossOriginIsolated?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * True when the policy refused both probes (connect-src and worker-src violations). Must run before the scope
 * layer deletes fetch and Worker. Never throws; a scope without these APIs (Node) reports false.
 */
export async function probeCsp(scope: object): Promise<boolean> {
  const s = scope as ProbeScope;
  if (typeof s.fetch !== 'function' || typeof s.addEventListener !== 'function') return false;
  const refused = new Set<string>();
  const onViolation = (e: Event) => {
    const v = e as Event & { effectiveDirective?: string; violatedDirective?: string };
    refused.add((v.effectiveDirective || v.violatedDirective || '').split(' ')[0]);
  };
  s.addEventListener('securitypolicyviolation', onViolation);
  try {
    const fetched = s.fetch(CSP_PROBE_URL).then(() => true, () => false);
    if (typeof s.Worker === 'function') {
      try {
        new s.Worker(NESTED_WORKER_URL).terminate();
      } catch {
        // refused synchronously (SecurityError); the violation event says whether policy did it
      }
    }
    const answered = await fetched;
    for (let waited = 0; waited < EVENT_WAIT_MS && !bothRefused(refused); waited += 25) await sleep(25);
    return !answered && bothRefused(refused);
  } finally {
    s.removeEventListener?.('securitypolicyviolation', onViolation);
  }
}

const bothRefused = (r: Set<string>) => r.has('connect-src') && r.has('worker-src');

export function isIsolated(scope: object): boolean {
  return (scope as ProbeScope).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Why Python does not start when the first layer is missing. */
export function scopeLayerError(left: string[]): string {
  return `The sandbox could not remove ${left.join(', ')} from the worker's scope, so model code will not run ` +
    'here (the first layer of the Python boundary is missing). Try a current Chrome, Edge or Firefox.';
}

export type { BoundaryLayers };
