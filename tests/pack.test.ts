/**
 * The published package: a fresh `npm pack` installs into an empty folder without the app's packages, and
 * `npx rlm-studio ask` and `import { RLM } from 'rlm-studio'` work from there (compiled JS, no tsx). Slow: packs,
 * installs, boots Pyodide twice.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../tools/fake-llm/server';
import { REPO } from '../src/node/cli/run-cli';

const run = promisify(execFile);
let fake: FakeLlmServer;
let dir: string;

beforeAll(async () => {
  fake = await createFakeLlmServer({ port: 0, chunkDelayMs: 0 });
  dir = await mkdtemp(path.join(tmpdir(), 'rlm-pack-'));
});
afterAll(async () => {
  await fake?.close();
});

describe('npm pack', { timeout: 600_000 }, () => {
  it('installs into an empty folder; npx rlm-studio ask and the library work from there', async () => {
    await run('npm', ['pack', '--pack-destination', dir], { cwd: REPO });
    const tgz = (await readdir(dir)).find((f) => f.endsWith('.tgz'))!;
    await writeFile(path.join(dir, 'package.json'), '{"private": true, "type": "module"}');
    await run('npm', ['install', `./${tgz}`, '--no-audit', '--no-fund'], { cwd: dir });
    // App-only packages stay out of a library user's install.
    for (const appOnly of ['react', 'react-dom', 'zustand', 'uplot', 'tailwindcss']) expect(existsSync(path.join(dir, 'node_modules', appOnly))).toBe(false);
    await writeFile(path.join(dir, 'ctx.txt'), 'noise\nThe secret number is 5150\nnoise\n');
    // No JSPI flag here: the command starts Node again with the one this Node needs.
    const ask = await run('npx', ['rlm-studio', 'ask', 'What is the secret number?', 'ctx.txt', '--host', fake.url, '-m', 'solver'], { cwd: dir });
    expect(ask.stdout).toBe('5150\n');
    await writeFile(path.join(dir, 'lib.mjs'), `import { RLM } from 'rlm-studio';
const rlm = new RLM({ model: 'solver', host: ${JSON.stringify(fake.url)} });
const r = await rlm.completion({ prompt: 'What is the secret number?', context: 'a\\nThe secret number is 8086\\nb' });
console.log(JSON.stringify({ answer: r.answer, stopReason: r.stopReason }));
await rlm.close();
`);
    // A library user starts Node with the JSPI flag their Node needs (the README says which).
    const major = Number(process.versions.node.split('.')[0]);
    const flag = major >= 25 ? [] : major >= 22 ? ['--experimental-wasm-jspi'] : ['--experimental-wasm-stack-switching'];
    const lib = await run(process.execPath, [...flag, 'lib.mjs'], { cwd: dir });
    expect(JSON.parse(lib.stdout)).toEqual({ answer: '8086', stopReason: 'answered' });
    const types = await run('ls', ['node_modules/rlm-studio/lib/types/node/index.d.ts'], { cwd: dir });
    expect(types.stdout.trim()).toMatch(/index\.d\.ts$/);
  });
});
