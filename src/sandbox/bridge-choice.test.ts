import { afterEach, describe, expect, test } from 'vitest';
import type { PyodideAPI } from 'pyodide';
import { chooseBridge, NO_BRIDGE_MESSAGE } from './bridge-choice';

/** Pyodide's own probe, answered as a browser with or without JSPI would. */
const py = (jspi: boolean) => ({ runPythonAsync: async () => jspi }) as unknown as PyodideAPI;
const g = globalThis as { crossOriginIsolated?: boolean };

afterEach(() => void delete g.crossOriginIsolated);

describe('chooseBridge', () => {
  test('JSPI when Pyodide can run_sync; else SAB on an isolated page', async () => {
    g.crossOriginIsolated = true;
    expect(await chooseBridge(py(true))).toBe('jspi');
    expect(await chooseBridge(py(false))).toBe('sab');
  });

  test('no JSPI and no isolation: refuses, naming both and what to do', async () => {
    g.crossOriginIsolated = false;
    await expect(chooseBridge(py(false))).rejects.toThrow(NO_BRIDGE_MESSAGE);
    expect(NO_BRIDGE_MESSAGE).toMatch(/no WebAssembly JSPI[\s\S]*not cross-origin isolated[\s\S]*Cross-Origin-Embedder-Policy: require-corp/);
    expect(await chooseBridge(py(true))).toBe('jspi'); // isolation does not matter with JSPI
  });
});
