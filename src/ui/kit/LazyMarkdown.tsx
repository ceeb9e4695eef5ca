import { lazy, Suspense } from 'react';

// A separate module from Markdown.tsx on purpose: any static import of that file
// would pull react-markdown + remark-gfm (~50 kB gzip) into the first-load bundle.
const Markdown = lazy(() => import('./Markdown'));

/** Model text as markdown once the renderer chunk has loaded; until then the same text, plain. */
export function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<PlainText text={text} />}>
      <Markdown text={text} />
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
