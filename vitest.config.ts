import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tools/**/*.test.ts', 'tests/**/*.test.ts'],
    // Pyodide's synchronous llm_query bridge needs JSPI, which Node 20 only has behind this flag.
    pool: 'forks',
    execArgv: ['--experimental-wasm-stack-switching'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
