/**
 * The Deno host is a security boundary (deno-host.ts): model-written Python must not read the user's files, reach
 * the network, the environment or processes, or write anything, whatever route it takes through `js`. Each attempt
 * runs in the real sandbox and must print no `REACHED` line, leave no trace (canary hits, a written file) and fail
 * with Deno's permission error; each has a positive control: the SAME Python in a Deno sandbox started with
 * every permission, which must reach, so this suite cannot pass by not looking. The browser red-team's network attempts
 * (e2e/redteam/attempts.ts) run here too, against the same canary server.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ATTEMPTS, PREAMBLE } from '../../e2e/redteam/attempts';
import { createCanaryServer, type Canary } from '../../tools/canary/server';
import type { ExecOptions } from '../core/types';
import { SandboxClient } from './client';
import { denoTransport } from './deno-host';
import { createNodeSandbox } from './node';

/** Every permission the sandbox lacks (the control; --allow-all would clash with the sandbox's own --allow-read). */
const CONTROL_FLAGS = ['--allow-read=/', '--allow-write', '--allow-net', '--allow-env', '--allow-run', '--allow-ffi', '--allow-sys'];
const DENIED = /NotCapable|PermissionDenied|Requires .* access/;
const opts = (o: Partial<ExecOptions> = {}): ExecOptions => ({ timeoutMs: 20_000, onSubcall: async () => 'ok', ...o });

let canary: Canary;
let sbx: SandboxClient;
let ctl: SandboxClient;
let dir: string;
const secret = `SECRET-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  canary = await createCanaryServer();
  dir = mkdtempSync(path.join(tmpdir(), 'rlm-boundary-'));
  writeFileSync(path.join(dir, 'secret.txt'), secret);
  sbx = createNodeSandbox(); // what the CLI and server use (snapshot cached on disk)
  ctl = new SandboxClient(() => denoTransport({ unsafeExtraDenoFlags: CONTROL_FLAGS }));
  await Promise.all([sbx.whenReady(), ctl.whenReady()]);
}, 180_000);

afterAll(async () => {
  sbx?.dispose();
  ctl?.dispose();
  await canary?.close();
  rmSync(dir, { recursive: true, force: true });
});

const indent = (code: string) => code.replace(/^\n+/, '').split('\n').map((l) => (l ? '    ' + l : l)).join('\n');

/** One attempt as a self-contained block (the red-team preamble; an exception is printed as BLOCKED). */
function block(id: string, py: string): string {
  const hit = `${canary.url}/hit/${id}`;
  const vars = { ID: id, CANARY: canary.url, HIT: hit, WS: hit.replace(/^http/, 'ws'), HOST: '127.0.0.1',
    APP_WORKER: '', DIR: dir, SECRET_FILE: path.join(dir, 'secret.txt'), MARKER: path.join(dir, `marker-${id}`) };
  const lines = Object.entries(vars).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `${lines.join('\n')}\nPORT = ${canary.port}\n${PREAMBLE.trim()}\n` +
    'FN = js.Function\nasync def imp(name):\n    return await FN(f"return import(\'{name}\')")()\n' +
    `async def attempt():\n${indent(py)}\n` +
    `try:\n    await attempt()\nexcept BaseException as e:\n    say('BLOCKED', f'{type(e).__name__}: {str(e)[:300]}')\nsay('DONE')\n`;
}

async function run(sb: SandboxClient, id: string, py: string): Promise<string[]> {
  const r = await sb.exec(block(id, py), opts());
  const prefix = `[${id}] `;
  return (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

interface Escape {
  id: string;
  py: string;
}

/** What model code would try once it knows it runs in Deno (Deno.* through `js`, node: modules via import()). */
const ESCAPES: Escape[] = [
  { id: 'read-passwd', py: `say('REACHED', 'root:' in js.Deno.readTextFileSync('/etc/passwd'))` },
  { id: 'read-user-file', py: `say('REACHED', js.Deno.readTextFileSync(SECRET_FILE))` },
  { id: 'node-fs-read', py: `fs = await imp('node:fs')\nsay('REACHED', fs.readFileSync(SECRET_FILE, 'utf8'))` },
  { id: 'nodefs-mount', py: `
import pyodide_js, os
FS = pyodide_js.FS
FS.mkdir('/host')
FS.mount(FS.filesystems.NODEFS, O(root=DIR), '/host')
say('REACHED', open('/host/secret.txt').read())` },
  { id: 'list-home', py: `say('REACHED', [e.name for e in js.Deno.readDirSync('/')][:3])` },
  { id: 'tcp-connect', py: `
c = await settle(js.Deno.connect(O(hostname=HOST, port=PORT)))
await settle(c.write(js.TextEncoder.new().encode(f'GET /hit/{ID} HTTP/1.0\\r\\n\\r\\n')))
say('REACHED', 'connected')` },
  { id: 'node-net', py: `
net = await imp('node:net')
fut = asyncio.get_event_loop().create_future()
s = net.connect(PORT, HOST, create_proxy(lambda *_: fut.set_result('connected')))
s.on('error', create_proxy(lambda e: fut.set_exception(Exception(str(e.name) + ': ' + str(e.message)))))
say('REACHED', await settle(fut))` },
  { id: 'node-http', py: `
http = await imp('node:http')
fut = asyncio.get_event_loop().create_future()
req = http.get(HIT, create_proxy(lambda res: fut.set_result(res.statusCode)))
req.on('error', create_proxy(lambda e: fut.set_exception(Exception(str(e.name) + ': ' + str(e.message)))))
say('REACHED', await settle(fut))` },
  { id: 'env', py: `say('REACHED', js.Deno.env.toObject())` },
  { id: 'node-env', py: `p = await imp('node:process')\nsay('REACHED', p.env.DENO_DIR)` },
  { id: 'subprocess', py: `
out = js.Deno.Command.new('/bin/sh', O(args=A('-c', 'echo hi'))).outputSync()
say('REACHED', out.success)` },
  { id: 'node-child-process', py: `cp = await imp('node:child_process')\nsay('REACHED', cp.execSync('echo hi', O(encoding='utf8')))` },
  { id: 'write-file', py: `js.Deno.writeTextFileSync(MARKER, 'x')\nsay('REACHED', 'wrote')` },
  { id: 'ffi', py: `lib = js.Deno.dlopen('libc.so.6', O(getpid=O(parameters=A(), result='i32')))\nsay('REACHED', lib)` },
  { id: 'sys-info', py: `say('REACHED', js.Deno.hostname())` },
];

describe('Deno sandbox: escapes through Deno and node: APIs are refused', () => {
  for (const e of ESCAPES) {
    test(e.id, async () => {
      const before = canary.count(`sbx-${e.id}`);
      const out = await run(sbx, `sbx-${e.id}`, e.py);
      expect(out.filter((l) => l.startsWith('REACHED')), out.join('\n')).toEqual([]);
      expect(out.join('\n')).toMatch(DENIED);
      expect(out.join('\n')).not.toContain(secret);
      expect(canary.count(`sbx-${e.id}`) - before).toBe(0);
      expect(existsSync(path.join(dir, `marker-sbx-${e.id}`))).toBe(false);
      // Positive control: the same code where Deno allows everything gets through.
      const control = await run(ctl, `ctl-${e.id}`, e.py);
      expect(control.some((l) => l.startsWith('REACHED')), control.join('\n')).toBe(true);
    });
  }
});

describe("Deno sandbox: the browser red team's network attempts", () => {
  const network = ATTEMPTS.filter((a) => a.target === 'network' && !a.last);
  test(`${network.length} attempts: no canary hit, nothing REACHED`, async () => {
    const reached: string[] = [];
    for (const a of network) {
      const out = await run(sbx, `sbx-${a.id}`, a.py);
      if (out.some((l) => l.startsWith('REACHED')) || canary.count(`sbx-${a.id}`) > 0) reached.push(`${a.id}: ${out.join(' | ')}`);
      expect(out, a.id).toContain('DONE');
    }
    expect(reached).toEqual([]);
  }, 300_000);
});

describe('Deno sandbox: what must still work', () => {
  test('Python, llm_query through the bridge, a context bigger than a slice', async () => {
    const line = 'the quick brown fox jumps over the lazy dog 0123456789\n';
    const text = line.repeat(Math.ceil((40 * 1024 * 1024) / line.length)) + 'NEEDLE=42\n';
    const meta = await sbx.loadContext([{ name: 'big.txt', format: 'text', bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }]);
    expect(meta).toMatchObject({ totalChars: text.length });
    const r = await sbx.exec('import re\nprint(len(context), re.search(r"NEEDLE=(\\d+)", context).group(1))\n' +
      'print(llm_query("ping"))', opts({ onSubcall: async (q) => `pong to ${q.prompt}` }));
    expect(r.stdout).toBe(`${text.length} 42\npong to ping\n`);
  }, 120_000);
});
