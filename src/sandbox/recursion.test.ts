/**
 * Recursion and sessions in the real sandbox (Pyodide in a Node worker thread, as in sandbox.test.ts): rlm_query,
 * child namespaces that run while their parent's block waits, getAnswerContent, setVar, context slots, and an
 * engine-level run (runRlm with maxDepth 2) through it.
 */
import { describe, expect, test } from 'vitest';
import type { ChatMessage, ExecOptions, SubcallRequest } from '../core/types';
import { runRlm } from '../core/loop';
import { ScriptedProvider } from '../core/testing';
import type { ContextFile } from './client';
import type { SandboxChildRepl } from './child';
import { BRIDGES, suiteSandbox } from './test-bridges';

const enc = new TextEncoder();
const file = (name: string, text: string): ContextFile => ({ name, format: 'text', bytes: enc.encode(text).buffer as ArrayBuffer });
const noLlm: ExecOptions['onSubcall'] = async () => {
  throw new Error('no sub-calls expected');
};
const opts = (o: Partial<ExecOptions> = {}): ExecOptions => ({ timeoutMs: 10_000, onSubcall: noLlm, ...o });
const live = () => new AbortController().signal;

describe.each(BRIDGES)('%s bridge', (bridge) => {
  const sb = suiteSandbox(bridge);

  describe('rlm_query', () => {
    test('reaches onSubcall with kind "rlm" (batched: once per prompt, in order, marked batched); llm_query says "llm"', async () => {
      const seen: SubcallRequest[] = [];
      const onSubcall = async (req: SubcallRequest) => (seen.push(req), `${req.kind}:${req.prompt}`);
      const code = 'a = rlm_query("one", model="m")\nb = rlm_query_batched(["x", "y"])\nc = llm_query("z")\nd = llm_query_batched(["w"])\nprint(a, b, c, d)';
      const r = await sb.exec(code, opts({ onSubcall }));
      expect(r.stdout, r.stderr).toBe("rlm:one ['rlm:x', 'rlm:y'] llm:z ['llm:w']\n");
      expect(seen).toEqual([{ prompt: 'one', model: 'm', kind: 'rlm' }, { prompt: 'x', kind: 'rlm', batched: true },
        { prompt: 'y', kind: 'rlm', batched: true }, { prompt: 'z', kind: 'llm' }, { prompt: 'w', kind: 'llm', batched: true }]);
      const reserved = await sb.exec('rlm_query = 1', opts());
      expect(reserved.stderr).toMatch(/rlm_query is reserved/);
    });
  });

  describe('child namespaces', () => {
    test('a child runs while its parent waits on rlm_query; its context is the prompt; the answer flows back', async () => {
      let child: SandboxChildRepl | null = null;
      const childOut: string[] = [];
      const onSubcall = async ({ prompt }: SubcallRequest) => {
        child = await sb.spawnRepl({ context: prompt, signal: live() });
        const r = await child.exec('n = len(context)\nanswer["content"] = context.upper()\nprint(n, type(context).__name__)', opts());
        childOut.push(r.stdout + r.stderr);
        return (await child.getAnswerContent()) ?? 'none';
      };
      const r = await sb.exec('parent_var = 1\nres = rlm_query("summarise this")\nprint("parent got", res)', opts({ onSubcall }));
      expect(r, r.stderr).toMatchObject({ ok: true, stdout: 'parent got SUMMARISE THIS\n' });
      expect(childOut).toEqual(['14 str\n']);
      expect(await child!.getVar('n')).toBe('14');
      expect(await child!.getVar('parent_var')).toBeNull();
      expect(await sb.getVar('n')).toBeNull();
      await child!.dispose();
      await expect(child!.exec('1', opts())).rejects.toMatchObject({ code: 'disposed' });
    });

    test('siblings are isolated and their interleaved blocks keep their own stdout', async () => {
      const a = await sb.spawnRepl({ context: 'A', signal: live() });
      const b = await sb.spawnRepl({ context: 'B', signal: live() });
      let releaseA!: (s: string) => void;
      const aWaits = new Promise<string>((r) => (releaseA = r));
      // A suspends in llm_query; B runs a whole block meanwhile; then A resumes.
      const ra = a.exec('secret = "a"\nprint("a1")\ny = llm_query("q")\nprint("a2", y)', opts({ onSubcall: () => aWaits }));
      await new Promise((r) => setTimeout(r, 100));
      const rb = await b.exec('print("b", "secret" in globals(), context)', opts());
      releaseA('ok');
      expect((await ra).stdout).toBe('a1\na2 ok\n');
      expect(rb.stdout).toBe('b False B\n');
      expect(await a.getVar('secret')).toBe('a');
      expect(await b.getVar('secret')).toBeNull();
      expect(await sb.getVar('secret')).toBeNull();
      await Promise.all([a.dispose(), b.dispose()]);
    });

    test("a child's time limit stops only the child; a root Stop stops the whole tree and keeps variables", async () => {
      const onTimeout = async ({ prompt }: SubcallRequest) => {
        const c = await sb.spawnRepl({ context: prompt, signal: live() });
        const r = await c.exec('while True:\n    pass', opts({ timeoutMs: 300 }));
        await c.dispose();
        return r.timedOut ? 'child timed out' : 'child ran on';
      };
      const r1 = await sb.exec('kept = 7\nprint(rlm_query("loop"))', opts({ onSubcall: onTimeout }));
      expect(r1, r1.stderr).toMatchObject({ ok: true, stdout: 'child timed out\n' });

      const stop = new AbortController();
      const results: { ok: boolean; reset?: string }[] = [];
      const onStop = async ({ prompt }: SubcallRequest, signal: AbortSignal) => {
        const c = await sb.spawnRepl({ context: prompt, signal });
        setTimeout(() => stop.abort(), 200);
        const r = await c.exec('while True:\n    pass', opts({ signal, timeoutMs: 60_000 }));
        results.push(r);
        await c.dispose();
        return 'unused';
      };
      const r2 = await sb.exec('print(rlm_query("loop"))', opts({ onSubcall: onStop, signal: stop.signal }));
      expect(r2.ok).toBe(false);
      expect(r2.reset).toBeUndefined();
      expect(results).toMatchObject([{ ok: false }]);
      expect(results[0].reset).toBeUndefined();
      expect((await sb.exec('print(kept)', opts())).stdout).toBe('7\n');
    });
  });

  describe('answer content, setVar, context slots', () => {
    test('getAnswerContent: null until set, then str(content), also after an interrupted block', async () => {
      await sb.reset();
      expect(await sb.getAnswerContent()).toBeNull();
      await sb.exec('answer["content"] = "x"', opts());
      expect(await sb.getAnswerContent()).toBe('x');
      await sb.exec('answer["content"] = 42\nwhile True:\n    pass', opts({ timeoutMs: 300 }));
      expect(await sb.getAnswerContent()).toBe('42');
    });

    test('setVar binds JSON (a list of dicts); reserved names are refused', async () => {
      await sb.setVar('history', [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }]);
      const r = await sb.exec('print(type(history).__name__, history[1]["role"], history[0]["content"])', opts());
      expect(r.stdout).toBe('list assistant hi\n');
      await expect(sb.setVar('context', 1)).rejects.toThrow(/reserved/);
      await expect(sb.setVar('x', undefined)).rejects.toThrow(/not JSON/);
    });

    test('loadContext slot 1 keeps variables and adds context_1; slot 0 is context_0; reset drops context_1', async () => {
      await sb.loadContext([file('a.txt', 'first')]);
      await sb.exec('mine = 5', opts());
      const meta = await sb.loadContext([file('b.txt', 'second')], { slot: 1 });
      expect(meta).toMatchObject({ name: 'b.txt', totalChars: 6 });
      const r = await sb.exec('print(mine, context, context_0, context_1)', opts());
      expect(r.stdout, r.stderr).toBe('5 first first second\n');
      expect(r.variables).toEqual(['mine']);
      await sb.reset();
      const after = await sb.exec('print("context_1" in globals(), context)', opts());
      expect(after.stdout).toBe('False first\n');
    });
  });

  describe('engine through the real sandbox', () => {
    test('runRlm with maxDepth 2: the root calls rlm_query, the child answers, the answer flows back', async () => {
      await sb.loadContext(null);
      const first = (m: ChatMessage[]) => m[1].content;
      const root = new ScriptedProvider((m) => first(m).includes('CHILD-TASK')
        ? '```repl\nanswer["content"] = "child saw " + str(len(context))\nanswer["ready"] = True\n```'
        : '```repl\nr = rlm_query("CHILD-TASK: count")\nFINAL("root got: " + r)\n```');
      const sub = new ScriptedProvider(() => 'unused');
      const spawned: string[] = [];
      const out = await runRlm(
        { question: 'q', context: null, rootModel: 'm', settings: { strategy: 'final', maxDepth: 2 } },
        { root, sub, repl: sb, emit: () => undefined,
          spawnRepl: async (o) => (spawned.push(o.context), sb.spawnRepl(o)) },
      );
      expect(out).toMatchObject({ status: 'done', answer: 'root got: child saw 17' });
      expect(spawned).toEqual(['CHILD-TASK: count']);
    });
  });
});
