import { describe, expect, it } from 'vitest';
import { Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { preloadable } from './preloadable';
import { LazyMarkdown, preloadMarkdown } from './LazyMarkdown';

const Hello = ({ name }: { name: string }) => <b>hello {name}</b>;
const wrapped = (node: React.ReactNode) => renderToStaticMarkup(<Suspense fallback={<i>loading</i>}>{node}</Suspense>);

describe('preloadable', () => {
  it('renders the fallback before the chunk is fetched, and the component in the same render once preloaded', async () => {
    let calls = 0;
    const P = preloadable(async () => {
      calls++;
      return { default: Hello };
    });
    expect(wrapped(<P.Component name="x" />)).toBe('<i>loading</i>');
    await Promise.all([P.preload(), P.preload()]);
    expect(wrapped(<P.Component name="x" />)).toBe('<b>hello x</b>');
    expect(calls).toBe(1);
  });

  it('fetches again after a failed fetch', async () => {
    let calls = 0;
    const P = preloadable(async () => {
      if (++calls === 1) throw new Error('offline');
      return { default: Hello };
    });
    await expect(P.preload()).rejects.toThrow('offline');
    await P.preload();
    expect(calls).toBe(2);
    expect(wrapped(<P.Component name="y" />)).toContain('hello');
  });
});

describe('LazyMarkdown after preloadMarkdown', () => {
  it('renders markdown at once: no plain-text fallback on the first render', async () => {
    await preloadMarkdown();
    const out = renderToStaticMarkup(<LazyMarkdown text="**hi**" />);
    expect(out).toMatch(/<strong[^>]*>hi<\/strong>/);
    expect(out).not.toContain('markdown-fallback');
  });
});
