import { responseParts } from '../../core/parse';
import type { IterationView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { LazyMarkdown } from '../kit/LazyMarkdown';

/**
 * A finished response: its prose (as sanitised markdown), and the fenced blocks that did not run, as plain text in place. Blocks that ran
 * are left out here: they are shown below with their output.
 */
export function ResponseText({ it, live }: { it: IterationView; live: boolean }) {
  const ran = new Set(it.forced ? [] : it.blocks.map((b) => b.block));
  const parts = responseParts(it.content).filter((p) => {
    if (p.kind === 'prose' || p.block === null) return true;
    // A block of the live iteration that has not started yet is about to run, not skipped.
    return !ran.has(p.block) && !(live && !it.forced);
  });
  if (!parts.length) return null;
  return (
    <div data-testid="iteration-response" className="space-y-2 text-sm text-slate-300">
      {parts.map((p, i) =>
        p.kind === 'prose' ? (
          <LazyMarkdown key={i} text={p.text} />
        ) : (
          <NotRun key={i} lang={p.lang} body={p.body} why={p.block === null ? notRunReason(p.lang) : 'never reached'} />
        ),
      )}
    </div>
  );
}

function notRunReason(lang: string): string {
  if (lang === 'python' || lang === 'py' || lang === 'python3') return 'only ```repl blocks run when the response has one';
  return 'only ```repl (or ```python) blocks run';
}

function NotRun({ lang, body, why }: { lang: string; body: string; why: string }) {
  return (
    <figure data-testid="unrun-block" className="rounded border border-dashed border-slate-700">
      <figcaption className="flex items-center gap-2 border-b border-dashed border-slate-700 px-2 py-1 text-xs text-slate-400">
        <span className="font-mono">{lang || 'text'}</span>
        <Badge title={why}>not run</Badge>
      </figcaption>
      <pre tabIndex={0} className="max-h-80 overflow-auto whitespace-pre-wrap break-words p-2 text-xs leading-5 text-slate-300">{body}</pre>
    </figure>
  );
}
