/** For the fake models' Pyodide tests: run one block as the sandbox would and collect what it printed. */
import type { PyodideAPI } from 'pyodide';

/** stdout and stderr in order, and a raised error as `stderr:` with its last line (what the model is shown). */
export async function runBlock(py: PyodideAPI, code: string): Promise<string> {
  let out = '';
  py.setStdout({ batched: (s) => (out += `${s}\n`) });
  py.setStderr({ batched: (s) => (out += `${s}\n`) });
  try {
    await py.runPythonAsync(code);
  } catch (err) {
    out += `stderr:\n${String(err).split('\n').filter(Boolean).pop()}\n`;
  }
  return out;
}
