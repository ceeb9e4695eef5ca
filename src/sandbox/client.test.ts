/**
 * SandboxClient against a scripted transport (no Python): start-up failures and untrusted messages.
 * Everything that needs a real interpreter is in sandbox.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { SandboxClient, SandboxError, type SandboxTransport } from './client';
import { NO_BRIDGE_MESSAGE } from './bridge-choice';
import type { PageMessage } from './protocol';

/** A transport whose "worker" is the given function, answering each page message with zero or more replies. */
function scripted(answer: (msg: PageMessage) => unknown[]) {
  const sent: PageMessage[] = [];
  const factory = (): SandboxTransport => {
    const t: SandboxTransport = {
      postMessage: (msg) => {
        sent.push(msg);
        queueMicrotask(() => answer(msg).forEach((r) => t.onmessage?.(r)));
      },
      onmessage: null,
      onerror: null,
      terminate: () => undefined,
    };
    return t;
  };
  return { factory, sent };
}

const opts = { timeoutMs: 1000, onSubcall: async () => 'x' };

describe('SandboxClient without Python', () => {
  test('a worker that reports no JSPI: status error with its message, calls reject clearly', async () => {
    const { factory } = scripted((m) => (m.type === 'init' ? [{ type: 'status', state: 'error', message: NO_BRIDGE_MESSAGE }] : []));
    const sb = new SandboxClient(factory, { snapshot: false });
    const seen: string[] = [];
    sb.subscribe((s) => seen.push(s.state));
    await expect(sb.whenReady()).rejects.toBeInstanceOf(SandboxError);
    expect(sb.status).toMatchObject({ state: 'error', message: expect.stringMatching(/JSPI/) });
    await expect(sb.exec('1', opts)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(sb.loadContext(null)).rejects.toMatchObject({ code: 'unavailable' });
    expect(seen).toEqual(['error']);
  });

  test('a worker that fails to load: status error', async () => {
    const factory = (): SandboxTransport => {
      const t: SandboxTransport = { postMessage: () => queueMicrotask(() => t.onerror?.('404 worker.js')),
        onmessage: null, onerror: null, terminate: () => undefined };
      return t;
    };
    const sb = new SandboxClient(factory);
    await expect(sb.whenReady()).rejects.toThrow(/failed to start: 404/);
  });

  test('a worker that never reports: status error after the boot timeout', async () => {
    const { factory } = scripted(() => []);
    const sb = new SandboxClient(factory, { bootTimeoutMs: 50 });
    await expect(sb.whenReady()).rejects.toThrow(/did not start within 0.05 s/);
    sb.dispose();
  });

  test('forged, malformed and unexpected messages are ignored', async () => {
    const result = { stdout: 'real\n', stderr: '', ok: true, interrupted: false, final: null, variables: [] };
    const { factory, sent } = scripted((m) => {
      if (m.type === 'init') return [{ type: 'status', state: 'ready', bootMs: 1 }];
      if (m.type !== 'exec') return [];
      if (m.code === 'oversized') return [{ type: 'exec-result', id: m.id, result: { ...result, stdout: 'x'.repeat(3e6) } }];
      return [
        { type: 'exec-result', id: m.id + 1, result: { ...result, stdout: 'wrong id' } },
        { type: 'exec-result', result }, // no id
        { ...result, id: m.id }, // no type
        { type: 'var-value', id: m.id, value: 'wrong type for this id' },
        { type: 'snapshot', data: new Uint8Array(4) }, // after ready: must not be kept
        { type: 'exec-result', id: m.id, result },
      ];
    });
    const sb = new SandboxClient(factory);
    const r = await sb.exec('x', opts);
    expect(r.stdout).toBe('real\n');
    // An oversized result for the running block fails the block instead of leaving it to the time limit.
    const big = await sb.exec('oversized', opts);
    expect(big).toMatchObject({ ok: false, stderr: expect.stringMatching(/malformed or oversized/) });
    await sb.restart(); // the replacement must not be handed the snapshot that arrived after ready
    const init = sent.filter((m) => m.type === 'init');
    expect(init).toHaveLength(2);
    expect(init[1]).toMatchObject({ snapshot: null, makeSnapshot: true });
    sb.dispose();
  });
});

describe('SandboxClient limits and the stored snapshot', () => {
  const ready = (m: PageMessage) => (m.type === 'init' ? [{ type: 'status', state: 'ready', bootMs: 1 }] : []);

  test('files beyond the sandbox limit are refused before any byte is read', async () => {
    const { factory, sent } = scripted(ready);
    const sb = new SandboxClient(factory, { snapshot: false });
    class HugeBlob extends Blob {
      override get size() {
        return 3_000_000_000;
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('must not be read');
      }
    }
    const err = await sb.loadContext([{ name: 'huge.log', bytes: new HugeBlob([]), format: 'text' }]).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', file: 'huge.log' });
    expect(err.message).toMatch(/3.0 GB.*limit is 2.1 GB/);
    expect(sent.some((m) => m.type === 'load-context')).toBe(false);
  });

  test('a stored snapshot is offered at boot; only a booting worker may replace it', async () => {
    const saved: Uint8Array[] = [];
    const store = { load: async () => new Uint8Array([1, 2, 3]), save: async (d: Uint8Array) => void saved.push(d) };
    const fresh = new Uint8Array([9, 9]);
    const { factory, sent } = scripted((m) =>
      m.type === 'init' ? [{ type: 'snapshot', data: fresh }, { type: 'status', state: 'ready', bootMs: 1 }] : [],
    );
    const sb = new SandboxClient(factory, { snapshotStore: store });
    await sb.whenReady();
    const init = sent.find((m) => m.type === 'init') as Extract<PageMessage, { type: 'init' }>;
    expect(init.snapshot).toEqual(new Uint8Array([1, 2, 3]));
    expect(init.makeSnapshot).toBe(true);
    expect(saved).toEqual([fresh]);
    sb.dispose();
  });
});
