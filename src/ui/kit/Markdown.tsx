import ReactMarkdown, { type Components, type UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Model text (untrusted LLM output) as markdown, with nothing that can run or
 * phone home: raw HTML stays literal text (no rehype-raw, and react-markdown
 * turns `raw` nodes into text), images become inert text, links are limited to
 * http/https/mailto. Heavy: import it through `LazyMarkdown` so it stays out of
 * the first-load bundle.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div data-testid="markdown" className="space-y-2 break-words text-sm leading-6 text-slate-300">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        allowedElements={ALLOWED}
        unwrapDisallowed
        urlTransform={transformUrl}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}

export default Markdown;

/**
 * Everything markdown + GFM can produce and we style. An allow list rather than
 * a deny list, so a future plugin that emits e.g. <video> is unwrapped to its
 * text instead of silently loading something.
 */
const ALLOWED = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'input',
  'li', 'ol', 'p', 'pre', 'section', 'strong', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The normalised URL when it is an absolute http/https/mailto URL, a
 * same-page fragment (GFM footnotes) kept as is, otherwise ''. Parsing with
 * URL (the browser's own parser) rather than a regex means tricks such as
 * "java\tscript:" or " javascript:" resolve to the scheme the browser would use.
 */
export function safeHref(url: string): string {
  const trimmed = url.trim();
  if (/^#[\w-]*$/.test(trimmed)) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return LINK_PROTOCOLS.has(parsed.protocol) ? parsed.href : '';
  } catch {
    return ''; // relative or malformed: nothing sensible to open from a model's text
  }
}

// An image's src is only ever shown as text by `components.img`, never fetched,
// so it is kept verbatim for the reader; every other URL attribute is a link.
const transformUrl: UrlTransform = (url, key) => (key === 'src' ? url : safeHref(url));

const MAX_SHOWN_URL = 120;

function shortUrl(url: string): string {
  return url.length > MAX_SHOWN_URL ? `${url.slice(0, MAX_SHOWN_URL)}…` : url;
}

const heading = 'font-semibold text-slate-100';

const components: Components = {
  a: ({ href, children }) => {
    const safe = href ? safeHref(href) : '';
    if (!safe) {
      return (
        <span data-testid="markdown-blocked-link" title="Link removed: only http, https and mailto links open" className="text-slate-300 underline decoration-dotted">
          {children}
        </span>
      );
    }
    if (safe.startsWith('#')) return <a href={safe} className="text-sky-400 hover:underline">{children}</a>;
    return (
      <a href={safe} target="_blank" rel="noopener noreferrer" className="text-sky-400 underline hover:text-sky-300">
        {children}
      </a>
    );
  },
  // Never an <img>: even a 1px remote image tells its host who read the run, and when.
  img: ({ src, alt }) => {
    const url = typeof src === 'string' ? src : '';
    const link = safeHref(url);
    const label = `[image: ${alt ?? ''}](${shortUrl(url)})`;
    return (
      <span data-testid="markdown-image" title="Images are not loaded" className="rounded bg-slate-800 px-1 font-mono text-xs text-slate-300">
        {link && !link.startsWith('#') ? (
          <a href={link} target="_blank" rel="noopener noreferrer" className="text-sky-400 underline">{label}</a>
        ) : (
          label
        )}
      </span>
    );
  },
  // GFM task-list boxes: a glyph instead of a form control.
  input: ({ checked }) => <span aria-hidden="true">{checked ? '☑ ' : '☐ '}</span>,
  p: ({ children }) => <p>{children}</p>,
  h1: ({ children }) => <h1 className={`text-base ${heading}`}>{children}</h1>,
  h2: ({ children }) => <h2 className={`text-base ${heading}`}>{children}</h2>,
  h3: ({ children }) => <h3 className={`text-sm ${heading}`}>{children}</h3>,
  h4: ({ children }) => <h4 className={`text-sm ${heading}`}>{children}</h4>,
  h5: ({ children }) => <h5 className={`text-sm ${heading}`}>{children}</h5>,
  h6: ({ children }) => <h6 className={`text-sm ${heading}`}>{children}</h6>,
  ul: ({ children, className }) => <ul className={`list-disc space-y-1 pl-5 ${className ?? ''}`}>{children}</ul>,
  ol: ({ children, start }) => <ol start={start} className="list-decimal space-y-1 pl-5">{children}</ol>,
  blockquote: ({ children }) => <blockquote className="border-l-2 border-slate-600 pl-3 text-slate-400">{children}</blockquote>,
  hr: () => <hr className="border-slate-700" />,
  del: ({ children }) => <del className="text-slate-400">{children}</del>,
  strong: ({ children }) => <strong className="font-semibold text-slate-100">{children}</strong>,
  pre: ({ children }) => (
    <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-900 p-2 text-xs leading-5 text-slate-100 [&>code]:bg-transparent [&>code]:p-0">
      {children}
    </pre>
  ),
  // Block code keeps its `language-xxx` class (from the fence) for any later styling.
  code: ({ children, className }) => (
    <code className={`rounded bg-slate-800 px-1 py-0.5 text-[0.85em] text-slate-100 ${className ?? ''}`}>{children}</code>
  ),
  table: ({ children }) => (
    <div className="overflow-x-auto">
      <table className="min-w-full border-collapse text-xs">{children}</table>
    </div>
  ),
  th: ({ children, style }) => <th style={style} className="border border-slate-700 bg-slate-800 px-2 py-1 text-left font-semibold text-slate-100">{children}</th>,
  td: ({ children, style }) => <td style={style} className="border border-slate-700 px-2 py-1">{children}</td>,
};
