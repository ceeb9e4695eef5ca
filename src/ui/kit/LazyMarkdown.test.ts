import { describe, expect, it } from 'vitest';
import { build, type Rolldown } from 'vite';
import { fileURLToPath } from 'node:url';

// The id prefix mdast-util-to-hast (inside react-markdown) puts on footnote ids:
// a literal that survives minification and production builds, unlike its
// dev-only assertion messages.
const REACT_MARKDOWN_MARK = 'user-content-';
const entry = fileURLToPath(new URL('./LazyMarkdown.tsx', import.meta.url));

type Output = Rolldown.RolldownOutput;

describe('LazyMarkdown bundling', () => {
  it('keeps react-markdown out of the chunk that imports LazyMarkdown', async () => {
    const result = (await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        rollupOptions: { input: entry, external: [/^react(-dom)?(\/.*)?$/], preserveEntrySignatures: 'exports-only' },
      },
    })) as Output | Output[];
    const chunks = (Array.isArray(result) ? result[0] : result).output.filter((o) => o.type === 'chunk');
    const first = chunks.find((c) => c.isEntry);
    const lazy = chunks.filter((c) => !c.isEntry);
    expect(first?.code).toBeDefined();
    // A boolean, not toContain: on failure the whole bundle would be printed.
    expect(first?.code.includes(REACT_MARKDOWN_MARK)).toBe(false);
    expect(first?.dynamicImports.length).toBe(1);
    expect(lazy.some((c) => c.code.includes(REACT_MARKDOWN_MARK))).toBe(true);
  }, 60_000);
});
