import { Suspense } from 'react';
import { preloadable } from './preloadable';

// A separate module from Markdown.tsx on purpose: any static import of that file
// would pull react-markdown + remark-gfm (~50 kB gzip) into the first-load bundle.
const Markdown = preloadable(() => import('./Markdown'));

/** Fetches the markdown renderer ahead of the first answer (see ui/prefetch.ts). */
export const preloadMarkdown = Markdown.preload;

/** Model text as markdown once the renderer chunk has loaded; until then the same text, plain. */
export function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<PlainText text={text} />}>
      <Markdown.Component text={text} />
    </Suspense>
  );
}

function PlainText({ text }: { text: string }) {
  return (
    <div data-testid="markdown-fallback" className="whitespace-pre-wrap break-words text-sm leading-6 text-slate-300">
      {text}
    </div>
  );
}
