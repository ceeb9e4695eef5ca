/**
 * The real sandbox (Pyodide in a Node worker thread through node-host.ts, same engine as the browser worker).
 * No mocks of Pyodide: each client boots a real interpreter (~2.5 s).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecOptions, SubcallRequest } from '../core/types';
import { SandboxClient, SandboxError, type ContextFile } from './client';
import { SLICE_BYTES } from './context-stream';
import { BRIDGES, suiteSandbox, transportFor } from './test-bridges';

const enc = new TextEncoder();
const file = (name: string, text: string, format: ContextFile['format'] = 'text'): ContextFile => ({
  name, format, bytes: enc.encode(text).buffer as ArrayBuffer,
});
const noLlm: ExecOptions['onSubcall'] = async () => {
  throw new Error('no sub-calls expected');
};
const opts = (o: Partial<ExecOptions> = {}): ExecOptions => ({ timeoutMs: 10_000, onSubcall: noLlm, ...o });

describe.each(BRIDGES)('%s bridge', (bridge) => {
  const sb = suiteSandbox(bridge);

  describe('context', () => {
    test('no file: context is "" (fresh worker, file removed, failed load, reset, restart)', async () => {
      const probe = 'print(repr(context), len(context), type(context).__name__)';
      const empty = "'' 0 str\n";
      expect((await sb.exec(probe, opts())).stdout).toBe(empty); // nothing loaded yet in this worker
      await sb.loadContext([file('some.txt', 'some text')]);
      expect((await sb.exec(probe, opts())).stdout).toBe("'some text' 9 str\n");
      expect(await sb.loadContext(null)).toBeNull();
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
      expect(await sb.loadContext([])).toBeNull();
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
      await expect(sb.loadContext([file('broken.json', '{', 'json')])).rejects.toMatchObject({ code: 'bad-json' });
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
      await sb.reset();
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
      await sb.restart();
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
      const restored = await sb.exec('context = None', opts()); // the scaffold restores it as "", not None
      expect(restored.stderr).toMatch(/context is reserved/);
      expect((await sb.exec(probe, opts())).stdout).toBe(empty);
    });

    test('text: decoded in Python, meta computed there', async () => {
      const meta = await sb.loadContext([file('notes.txt', '\ufeffhéllo\nworld\n' + 'x'.repeat(1000))]);
      expect(meta).toMatchObject({ name: 'notes.txt', pyType: 'str', lines: 3, totalChars: 1012, warnings: [] });
      expect(meta!.bytes).toBe(1016); // BOM (3) + é (2)
      expect(meta!.head.startsWith('héllo\nworld')).toBe(true);
      expect(meta!.tail).toBe('x'.repeat(500));
      const r = await sb.exec('print(repr(context[:5]), type(context).__name__)', opts());
      expect(r.stdout).toBe("'héllo' str\n");
    });

    test('invalid UTF-8 is replaced, with a warning', async () => {
      const bytes = new Uint8Array([0x61, 0xff, 0x62]).buffer;
      const meta = await sb.loadContext([{ name: 'bad.txt', bytes, format: 'text' }]);
      expect(meta!.warnings[0]).toMatch(/not valid UTF-8.*offset 1/);
      expect((await sb.exec('context', opts())).stdout).toBe("'a\ufffdb'\n");
    });

    test('json becomes dict/list; bad json is a clear error; several files make a dict', async () => {
      const meta = await sb.loadContext([file('d.json', '{"a": [1, 2], "b": "x"}', 'json')]);
      expect(meta).toMatchObject({ pyType: 'dict', items: 2 });
      expect((await sb.exec('print(context["a"][1])', opts())).stdout).toBe('2\n');

      const err = await sb.loadContext([file('broken.json', '{"a": ', 'json')]).catch((e) => e);
      expect(err).toBeInstanceOf(SandboxError);
      expect(err).toMatchObject({ code: 'bad-json', file: 'broken.json' });
      expect(err.message).toMatch(/not valid JSON.*line 1.*as plain text/);

      const multi = await sb.loadContext([file('a.txt', 'AAA'), file('b.json', '[1,2,3]', 'json'), file('a.txt', 'A2')]);
      expect(multi).toMatchObject({ pyType: 'dict', items: 3, totalChars: 12 });
      const r = await sb.exec('print(sorted(context), context["b.json"][2], context["a.txt (2)"])', opts());
      expect(r.stdout).toBe("['a.txt', 'a.txt (2)', 'b.json'] 3 A2\n");
    });

    test('jsonl becomes a list, one value per line; a bad line is named', async () => {
      const meta = await sb.loadContext([file('r.jsonl', '{"id": 1}\n\n{"id": 2}\n[3]\n', 'jsonl')]);
      expect(meta).toMatchObject({ pyType: 'list', items: 3 });
      expect((await sb.exec('print(context[1]["id"], context[2])', opts())).stdout).toBe('2 [3]\n');
      const err = await sb.loadContext([file('bad.jsonl', '{"a": 1}\n{oops}\n', 'jsonl')]).catch((e) => e);
      expect(err).toMatchObject({ code: 'bad-json', file: 'bad.jsonl' });
      expect(err.message).toMatch(/line 2/);
    });

    test('big files stream in slices: ASCII needs no decode, UTF-8 is decoded across slices', async () => {
      const S = SLICE_BYTES;
      const ascii = new Uint8Array(2 * S + 12_345).fill(0x61);
      ascii.set(enc.encode('\nneedle\n'), S - 3); // straddles the first slice boundary
      const meta = await sb.loadContext([{ name: 'a.log', bytes: ascii.buffer, format: 'text' }]);
      expect(meta).toMatchObject({ pyType: 'str', totalChars: ascii.length, bytes: ascii.length, lines: 3, warnings: [] });
      expect(ascii.byteLength).toBe(2 * S + 12_345); // copied into a Blob, not detached
      const a = await sb.exec('print(context.index("needle"), context.count("a"), context.isascii(), hash(context) == hash(str(context)))', opts());
      expect(a.stdout).toBe(`${S - 2} ${ascii.length - 8} True True\n`);
      // The only non-ASCII char in the last slice: every slice must be scanned, then the whole file decoded.
      const late = new Uint8Array(2 * S).fill(0x62);
      late.set(enc.encode('€'), 2 * S - 3);
      const l = await sb.loadContext([{ name: 'late.txt', bytes: new Blob([late]), format: 'text' }]);
      expect(l).toMatchObject({ totalChars: 2 * S - 2, bytes: 2 * S, lines: 1 });
      expect((await sb.exec('print(context[-1], context.isascii(), len(context))', opts())).stdout)
        .toBe(`€ False ${2 * S - 2}\n`);
      // A 2-byte char across a slice boundary.
      const mixed = new Uint8Array(S + 5).fill(0x62);
      mixed.set(enc.encode('é'), S - 1);
      await sb.loadContext([{ name: 'm.txt', bytes: new Blob([mixed]), format: 'text' }]);
      expect((await sb.exec(`print(context[${S - 2}:${S + 1}], len(context))`, opts())).stdout).toBe(`béb ${S + 4}\n`);
    });

    test('a Blob works and null clears the context', async () => {
      const meta = await sb.loadContext([{ name: 'blob.txt', bytes: new Blob(['from a blob']), format: 'text' }]);
      expect(meta!.totalChars).toBe(11);
      expect(await sb.loadContext(null)).toBeNull();
      expect((await sb.exec('print(repr(context))', opts())).stdout).toBe("''\n");
    });
  });

  describe('sub-LLM calls', () => {
    test('llm_query round trip through the page', async () => {
      const seen: SubcallRequest[] = [];
      const onSubcall = async (req: SubcallRequest) => (seen.push(req), `echo:${req.prompt}`);
      const r = await sb.exec('a = llm_query("hi")\nb = llm_query("yo", model="small")\nprint(a, b)', opts({ onSubcall }));
      expect(r.stdout).toBe('echo:hi echo:yo\n');
      expect(seen).toEqual([{ prompt: 'hi', kind: 'llm' }, { prompt: 'yo', model: 'small', kind: 'llm' }]);
    });

    test('batched: concurrent, ordered, one failing slot', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const onSubcall = async ({ prompt }: SubcallRequest) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 50 - Number(prompt) * 5));
        inFlight--;
        if (prompt === '3') throw new Error('rate limited');
        return `answer ${prompt}`;
      };
      const r = await sb.exec('out = llm_query_batched([str(i) for i in range(6)])\nfor o in out: print(o)', opts({ onSubcall }));
      expect(r.stdout).toBe('answer 0\nanswer 1\nanswer 2\nError: rate limited\nanswer 4\nanswer 5\n');
      expect(maxInFlight).toBe(6);
      expect(r.ok).toBe(true);
    });

    test('cancel while llm_query is pending: KeyboardInterrupt, interpreter fine', async () => {
      const ctl = new AbortController();
      let subSignal: AbortSignal | undefined;
      const onSubcall = (_req: SubcallRequest, signal: AbortSignal) => {
        subSignal = signal;
        setTimeout(() => ctl.abort(), 100);
        return new Promise<string>(() => undefined); // never answers
      };
      const code = 'kept = 1\ntry:\n    llm_query("slow")\nexcept Exception:\n    print("swallowed")\nprint("after")';
      const t0 = performance.now();
      const r = await sb.exec(code, opts({ onSubcall, signal: ctl.signal }));
      expect(performance.now() - t0).toBeLessThan(1500);
      expect(r).toMatchObject({ ok: false, stdout: '' });
      expect(r.reset).toBeUndefined();
      expect(r.stderr).toMatch(/KeyboardInterrupt[\s\S]*stopped by the user/);
      expect(subSignal?.aborted).toBe(true);
      const next = await sb.exec('print(kept + 1)', opts());
      expect(next.stdout).toBe('2\n');
    });
  });

  describe('answers', () => {
    test('FINAL, FINAL_VAR (name or value), answer dict', async () => {
      expect((await sb.exec('FINAL(6 * 7)', opts())).final).toEqual({ via: 'FINAL', value: '42' });
      expect((await sb.exec('res = "by name"\nFINAL_VAR("res")', opts())).final).toEqual({ via: 'FINAL_VAR', value: 'by name' });
      expect((await sb.exec('FINAL_VAR([1, 2])', opts())).final).toEqual({ via: 'FINAL_VAR', value: '[1, 2]' });
      const missing = await sb.exec('FINAL_VAR("nope")', opts());
      expect(missing.final).toBeNull();
      expect(missing.stderr).toMatch(/NameError: FINAL_VAR: no variable named 'nope'/);
      expect((await sb.exec('answer["content"] = "not yet"', opts())).final).toBeNull();
      expect((await sb.exec('answer["ready"] = True', opts())).final).toEqual({ via: 'answer', value: 'not yet' });
      await sb.reset();
      expect((await sb.exec('print(answer)', opts())).stdout).toBe("{'content': '', 'ready': False}\n");
    });

    test('getVar', async () => {
      await sb.exec('gv = {"k": 1}', opts());
      expect(await sb.getVar('gv')).toBe("{'k': 1}");
      expect(await sb.getVar('does_not_exist')).toBeNull();
    });
  });

  describe('REPL behaviour', () => {
    test('exceptions: short traceback of REPL frames only, the next block runs, variables persist', async () => {
      await sb.exec('persist = 41\ndef inner(x):\n    return x["missing"]', opts());
      const r = await sb.exec('y = 1\ninner({})', opts());
      expect(r.ok).toBe(false);
      expect(r.stderr).toContain("KeyError: 'missing'");
      expect(r.stderr).toMatch(/line 2, in <module>[\s\S]*block \d+, line 3, in inner/);
      expect(r.stderr).not.toMatch(/prelude|_exec|_run_code|pyodide/);
      expect(r.variables).toEqual(expect.arrayContaining(['persist', 'inner', 'y']));
      const s = await sb.exec('print(persist + 1)\nprint(', opts());
      expect(s.stderr).toMatch(/^SyntaxError: .*\(line 2\)/);
      expect((await sb.exec('print(persist + 1)', opts())).stdout).toBe('42\n');
    });

    test('scaffold names are restored after being overwritten', async () => {
      await sb.loadContext([file('c.txt', 'the context')]);
      const r = await sb.exec('context = None\nllm_query = 1\nanswer = 5\ndel FINAL', opts());
      expect(r.stderr).toMatch(/Note: context, llm_query, FINAL, answer are reserved and restored after each block/);
      expect(r.variables).toEqual([]);
      const after = await sb.exec('print(context, callable(llm_query), callable(FINAL), answer["ready"])', opts());
      expect(after.stdout).toBe('the context True True False\n');
    });

    test('last expression is echoed like a notebook, None is not', async () => {
      expect((await sb.exec('x = 2\nx * 21', opts())).stdout).toBe('42\n');
      expect((await sb.exec('print("p")', opts())).stdout).toBe('p\n');
      expect((await sb.exec('import asyncio\nawait asyncio.sleep(0)\n"awaited"', opts())).stdout).toBe("'awaited'\n");
    });

    test('a print flood is capped per block', async () => {
      const r = await sb.exec('for i in range(150_000):\n    print("0123456789" * 2)', opts());
      expect(r.ok).toBe(true);
      expect(r.stdout.length).toBeLessThan(1_000_200);
      expect(r.stdout).toMatch(/\.\.\. \[2,150,000 more characters dropped: output is capped at 1,000,000 per block\]/);
    });

    test('limits are enforced in Python, before the page would have to drop a message', async () => {
      const m = await sb.exec('llm_query("x", model="m" * 500)', opts());
      expect(m.stderr).toMatch(/TypeError: model must be a str of at most 200 characters/);
      const v = await sb.exec('for i in range(10_050):\n    globals()[f"v{i}"] = i', opts());
      expect(v.variables).toHaveLength(10_000);
      const e = await sb.exec('print("\\U0001F600" * 900_000)', opts()); // 1.8 M UTF-16 units, under the cap in code points
      expect(e.ok).toBe(true);
      expect(e.stdout.length, e.stdout.slice(-200)).toBe(1_800_001);
      await sb.reset();
    });

    test('time limit: a pure-Python loop is interrupted in place, variables kept', async () => {
      await sb.exec('before = "kept"', opts());
      const r = await sb.exec('while True:\n    pass', opts({ timeoutMs: 300 }));
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset, r.stderr).toBeUndefined();
      expect(r.stderr).toMatch(/KeyboardInterrupt[\s\S]*TimeoutError: the block ran longer than the 0.3 s time limit/);
      expect((await sb.exec('print(before)', opts())).stdout).toBe('kept\n');
    });

    test('a stop that reaches the worker before the block starts still stops it in place', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await sb.exec('while True:\n    pass', opts({ timeoutMs: 0 }));
        expect(r).toMatchObject({ ok: false, timedOut: true });
        expect(r.reset, r.stderr).toBeUndefined();
        const ctl = new AbortController();
        ctl.abort();
        const a = await sb.exec('while True:\n    pass', opts({ signal: ctl.signal }));
        expect(a.reset, a.stderr).toBeUndefined();
        expect(a.stderr).toMatch(/stopped by the user/);
      }
    });

    test('top-level await is stoppable too', async () => {
      const r = await sb.exec('import asyncio\nawait asyncio.sleep(30)', opts({ timeoutMs: 200 }));
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset).toBeUndefined();
      const ok = await sb.exec('async def f(x):\n    await asyncio.sleep(0.01)\n    return x * 2\nawait f(21)', opts());
      expect(ok.stdout).toBe('42\n');
      const err = await sb.exec('async def g():\n    raise ValueError("inside")\nawait g()', opts());
      expect(err.stderr).toMatch(/ValueError: inside/);
    });

    test('time.sleep is interruptible', async () => {
      const t0 = performance.now();
      const r = await sb.exec('import time\ntime.sleep(30)', opts({ timeoutMs: 200 }));
      expect(performance.now() - t0).toBeLessThan(1500);
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset).toBeUndefined();
      expect((await sb.exec('time.sleep(0.01)\nprint("ok")', opts())).stdout).toBe('ok\n');
    });
  });

  describe('a block that swallows KeyboardInterrupt', () => {
    test('is replaced after the grace period; the new (snapshot-restored) worker still interrupts in place', async () => {
      const own = new SandboxClient(transportFor(bridge), { graceMs: 400 });
      try {
        await own.whenReady();
        const coldBootMs = own.status.bootMs!;
        const stubborn = 'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass';
        const r = await own.exec(stubborn, opts({ timeoutMs: 200 }));
        expect(r).toMatchObject({ ok: false, timedOut: true });
        expect(r.reset).toMatch(/did not stop within 0.4 s/);
        const again = await own.exec('n = 0\nwhile True:\n    n += 1', opts({ timeoutMs: 200 }));
        expect(again).toMatchObject({ ok: false, timedOut: true });
        expect(again.reset).toBeUndefined();
        expect(own.status.bootMs).toBeLessThan(coldBootMs); // ~0.3 s vs ~3 s on an idle machine
      } finally {
        own.dispose();
      }
    });
  });

  // The SAB bridge needs cross-origin isolation, which always brings the interrupt buffer.
  describe.runIf(bridge === 'jspi')('without an interrupt buffer (page not cross-origin isolated)', () => {
    let plain: SandboxClient;
    let coldBootMs: number;
    beforeAll(async () => {
      plain = new SandboxClient(transportFor(bridge), { interrupt: false, graceMs: 500 });
      await plain.whenReady();
      coldBootMs = plain.status.bootMs!;
    });
    afterAll(() => plain.dispose());

    test('a runaway loop ends in terminate + restart, context reloaded, variables gone', async () => {
      expect(plain.status.canInterrupt).toBe(false);
      await plain.loadContext([file('ctx.txt', 'reloaded context')]);
      await plain.exec('lost = 1', opts());
      const r = await plain.exec('while True:\n    pass', opts({ timeoutMs: 300 }));
      expect(r).toMatchObject({ ok: false, timedOut: true, variables: [] });
      expect(r.reset).toMatch(/restarted: all variables are gone/);
      expect(r.stderr).toContain(r.reset!);
      const after = await plain.exec('print(context)\nprint("lost" in globals())', opts());
      expect(after.stdout).toBe('reloaded context\nFalse\n');
      // The replacement worker restored the first boot's memory snapshot instead of booting cold.
      expect(plain.status.bootMs).toBeLessThan(coldBootMs);
    });

    test('a block stopped before it starts does not run', async () => {
      const ctl = new AbortController();
      ctl.abort();
      const r = await plain.exec('while True:\n    pass', opts({ signal: ctl.signal }));
      expect(r.reset, r.stderr).toBeUndefined();
      expect(r.stderr).toMatch(/KeyboardInterrupt[\s\S]*stopped by the user/);
    });

    test('time.sleep and llm_query are still cancellable by message', async () => {
      const r = await plain.exec('import time\ntime.sleep(20)', opts({ timeoutMs: 200 }));
      expect(r).toMatchObject({ ok: false, timedOut: true });
      expect(r.reset).toBeUndefined();
      const ok = await plain.exec('time.sleep(0.01)\nprint(llm_query("q"))', opts({ onSubcall: async () => 'fine' }));
      expect(ok.stdout).toBe('fine\n');
    });
  });
});
