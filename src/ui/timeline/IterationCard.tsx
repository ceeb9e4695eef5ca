import { memo } from 'react';
import type { IterationView, SubcallView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';
import { BlockView } from './BlockView';
import { ResponseText } from './ResponseText';

function IterationCardImpl({ it, subcalls, live }: { it: IterationView; subcalls: Record<string, SubcallView>; live: boolean }) {
  const streaming = it.usage === undefined;
  return (
    <article data-testid="iteration-card" className="space-y-2 rounded-lg border border-slate-800 bg-slate-900/40 p-3">
      <header className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-semibold text-slate-100">Iteration {it.iteration}</span>
        {it.forced && <Badge tone="warn">forced final answer</Badge>}
        {live && streaming && <Badge tone="info">streaming…</Badge>}
        <span className="ml-auto text-xs text-slate-400">
          {it.model ?? ''} · {formatMs(it.durationMs)} · {formatUsage(it.usage)}
          {it.usage && ` · ${formatCost(it.cost)}`}
        </span>
      </header>
      {it.thinking && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-400">Thinking ({it.thinking.length.toLocaleString('en-US')} chars)</summary>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap text-slate-400">{it.thinking}</pre>
        </details>
      )}
      {/* While streaming, the raw text; once complete, code that ran moves into the blocks below with its output. */}
      {streaming ? (
        it.content && <div data-testid="iteration-response" className="whitespace-pre-wrap break-words text-sm text-slate-300">{it.content}</div>
      ) : (
        <ResponseText it={it} live={live} />
      )}
      {it.blocks.map((b) => (
        <BlockView key={b.block} block={b} subcalls={subcalls} />
      ))}
      {it.notices.map((n, i) => (
        <p key={i} className="rounded bg-amber-950/40 px-2 py-1 text-xs text-amber-200">
          {n}
        </p>
      ))}
    </article>
  );
}

export const IterationCard = memo(IterationCardImpl);
