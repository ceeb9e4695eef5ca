#!/usr/bin/env node
/**
 * The `rlm-studio` command. Node 20–24 give Pyodide JSPI only with a command-line flag (see sandbox-host.ts), so
 * without it this process starts Node again with the flag and waits for it, passing the exit code on.
 */
import { spawn } from 'node:child_process';
import { missingJspiFlag } from '../sandbox-host';

const flag = missingJspiFlag();
if (flag && !process.execArgv.includes(flag)) {
  const child = spawn(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)], { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; the child decides what it means.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
} else {
  await import('./main');
}
