/** Runs the `rlm-studio` command from the sources in a child process, for tests and tools/bench. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx src/node/cli/bin.ts …args`; stdin is `input` (or /dev/null). */
export function runCli(args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO}src/node/cli/bin.ts`, ...args], {
      cwd: o.cwd ?? REPO,
      env: { ...process.env, ...o.env },
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (o.input !== undefined) child.stdin!.end(o.input);
  });
}
