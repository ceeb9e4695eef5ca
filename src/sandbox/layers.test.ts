import { describe, expect, test } from 'vitest';
import { CSP_PROBE_URL, probeCsp } from './layers';
import { createEngine } from './engine';
import type { WorkerMessage } from './protocol';

/** A worker-like scope: an EventTarget with fetch and Worker whose outcome the test decides. */
function scope(opts: { fetchOk: boolean; violations: string[]; workerThrows?: boolean }) {
  const target = new EventTarget();
  const violate = (directive: string) => {
    if (!opts.violations.includes(directive)) return;
    const e = Object.assign(new Event('securitypolicyviolation'), { effectiveDirective: directive });
    setTimeout(() => target.dispatchEvent(e), 5); // browsers queue the event as a task
  };
  const fetched: string[] = [];
  return {
    fetched,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    fetch: async (url: string) => {
      fetched.push(url);
      violate('connect-src');
      if (!opts.fetchOk) throw new TypeError('Failed to fetch');
      return {};
    },
    Worker: class {
      constructor() {
        violate('worker-src');
        if (opts.workerThrows) throw new DOMException('refused', 'SecurityError');
      }
      terminate() {}
    },
  };
}

describe('probeCsp: the worker CSP layer is read from policy violations, not from failures', () => {
  test('both probes refused by policy: on', async () => {
    const s = scope({ fetchOk: false, violations: ['connect-src', 'worker-src'] });
    expect(await probeCsp(s)).toBe(true);
    expect(s.fetched).toEqual([CSP_PROBE_URL]);
    expect(new URL(CSP_PROBE_URL).port).toBe('1'); // a bad port: without a policy nothing leaves the machine
  });

  test('a nested worker refused by a thrown SecurityError still needs the violation', async () => {
    expect(await probeCsp(scope({ fetchOk: false, violations: ['connect-src', 'worker-src'], workerThrows: true }))).toBe(true);
    expect(await probeCsp(scope({ fetchOk: false, violations: ['connect-src'], workerThrows: true }))).toBe(false);
  });

  test('a fetch that fails with no violation is a network error, not the policy: off', async () => {
    expect(await probeCsp(scope({ fetchOk: false, violations: [] }))).toBe(false);
    expect(await probeCsp(scope({ fetchOk: false, violations: ['worker-src'] }))).toBe(false);
  });

  test('a fetch that got through: off, whatever events came', async () => {
    expect(await probeCsp(scope({ fetchOk: true, violations: ['connect-src', 'worker-src'] }))).toBe(false);
  });

  test('a scope without events or fetch (Node): off', async () => {
    expect(await probeCsp({ fetch: async () => ({}) })).toBe(false);
    expect(await probeCsp({})).toBe(false);
  });
});

describe('the scope layer', () => {
  test('model code never runs when a network API cannot be removed from the worker scope', async () => {
    const posted: WorkerMessage[] = [];
    const stuck = {};
    // A fetch that can be neither deleted nor overwritten.
    Object.defineProperty(stuck, 'fetch', { value: () => 'net', configurable: false, writable: false, enumerable: true });
    let pythonStarted = false;
    const handle = createEngine({
      loadPyodide: async () => {
        // Any use of the interpreter after the load counts as Python starting ('then': awaiting it is not a use).
        return new Proxy({}, { get: (_, k) => {
          if (k === 'then') return undefined;
          pythonStarted = true;
          throw new Error('Python touched');
        } }) as never;
      },
      post: (m) => posted.push(m),
      python: '',
      scope: stuck,
    });
    const wa = WebAssembly as unknown as Record<string, unknown>;
    const hadJspi = 'Suspending' in wa;
    if (!hadJspi) wa.Suspending = function Suspending() {};
    try {
      handle({ type: 'init', interrupt: null, stdoutLimit: 1000, snapshot: null, makeSnapshot: false });
      await expect.poll(() => posted.find((m) => m.type === 'status' && m.state !== 'loading')).toBeTruthy();
    } finally {
      if (!hadJspi) delete wa.Suspending;
    }
    const last = posted.at(-1) as Extract<WorkerMessage, { type: 'status' }>;
    expect(last.state).toBe('error');
    expect(last.message).toContain('could not remove fetch');
    expect(last.message).toContain('model code will not run');
    expect(pythonStarted).toBe(false);
    handle({ type: 'exec', id: 1, code: 'print(1)', ns: 0 });
    await expect.poll(() => posted.find((m) => m.type === 'exec-result')).toMatchObject({ result: { ok: false } });
  });
});
