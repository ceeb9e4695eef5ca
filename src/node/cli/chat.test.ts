/** `rlm-studio chat` driven through a pseudo-terminal (python3's pty module): one REPL across questions. */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../../tools/fake-llm/server';
import { REPO } from './run-cli';

let fake: FakeLlmServer;

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
});
afterAll(async () => {
  await fake?.close();
});

describe('rlm-studio chat', { timeout: 240_000 }, () => {
  it('answers follow-ups on one REPL; /context, /model and /quit work', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rlm-chat-'));
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'gamma\n');
    const cli = [process.execPath, '--import', 'tsx', `${REPO}src/node/cli/bin.ts`, 'chat', '--host', fake.url, '-m', 'coder'];
    // pty.spawn gives the command a terminal, copies our pipe to it and its output back.
    const child = spawn('python3', ['-c', 'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)', ...cli], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let from = 0;
    const waitFor = async (re: RegExp) => {
      const deadline = Date.now() + 120_000;
      while (!re.test(out.slice(from))) {
        if (Date.now() > deadline) throw new Error(`no ${re} in ${JSON.stringify(out.slice(from))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      from = out.length;
    };
    const send = (line: string) => child.stdin.write(line + '\r');

    await waitFor(/RLM chat with coder[\s\S]*> /);
    send('Run `x = 6 * 7; print(x)`');
    await waitFor(/\D42\r?\n[\s\S]*> /);
    send('/context ' + file);
    await waitFor(/Loaded notes\.txt as context_1[\s\S]*> /);
    send('/model coder-b');
    await waitFor(/Root model: coder-b\.[\s\S]*> /);
    send('Run `print(x + 1, context_1.strip())`');
    await waitFor(/\D43 gamma\r?\n[\s\S]*> /);
    send('/quit');
    expect(await exited).toBe(0);
    expect(fake.stats.models['coder-b']).toBeGreaterThan(0);
  });
});
