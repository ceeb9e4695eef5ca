/** `rlm-studio ask` end to end: a child process, the fake LLM server, real Pyodide. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../../../tools/fake-llm/server';
import { importTrajectory } from '../../core/import';
import { runCli } from './run-cli';

let fake: FakeLlmServer;
let dir: string;

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
  dir = await mkdtemp(path.join(tmpdir(), 'rlm-ask-'));
});
afterAll(async () => {
  await fake?.close();
});

describe('rlm-studio ask', { timeout: 240_000 }, () => {
  it('several files become context_0, context_1; --json and --trace (read back by our importer)', async () => {
    await writeFile(path.join(dir, 'a.txt'), 'alpha\n');
    await writeFile(path.join(dir, 'b.txt'), 'beta\n');
    const trace = path.join(dir, 'trace.jsonl');
    const t0 = Date.now();
    const r = await runCli(['ask', 'Run `print(context_0.strip(), context_1.strip())`', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'),
      '--host', fake.url, '-m', 'coder', '--json', '--trace', trace]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // A finished run exits at once (a pending timer once kept the process alive for 90 s).
    expect(Date.now() - t0).toBeLessThan(60_000);
    const out = JSON.parse(r.stdout);
    expect(out.answer).toBe('alpha beta');
    expect(out.stopReason).toBe('answered');
    expect(out.iterations).toBe(2);
    expect(out.usage.inputTokens).toBeGreaterThan(0);
    expect(out.cost).toBe(0);
    const imported = importTrajectory(await readFile(trace, 'utf8'));
    expect(imported.format).toBe('official-rlm');
    const end = imported.events.find((e) => e.type === 'run-finished');
    expect(end?.type === 'run-finished' && end.answer).toBe('alpha beta');
  });

  it('reads piped stdin as the context and prints the answer alone; the iteration cap exits 3', async () => {
    const input = 'noise\nThe secret number is 4242\nmore noise\n';
    const ok = await runCli(['ask', 'What is the secret number?', '--host', fake.url, '-m', 'solver'], { input });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('4242\n');
    const capped = await runCli(['ask', 'What is the secret number?', '--host', fake.url, '-m', 'solver', '--max-iterations', '1', '--json'], { input });
    expect(capped.code).toBe(3);
    expect(JSON.parse(capped.stdout).stopReason).toBe('iterations');
  });

  it('a dead host: a message naming it on stderr, nothing on stdout, exit 1', async () => {
    const r = await runCli(['ask', 'anything', '--host', 'http://127.0.0.1:1', '-m', 'solver']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rlm-studio: error: Could not reach http:\/\/127\.0\.0\.1:1/);
  });

  it('bad usage exits 2 and says why', async () => {
    const r = await runCli(['ask', 'q', '--max-iterations', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-iterations must be a whole number/);
  });
});
