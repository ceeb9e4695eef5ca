import { memo } from 'react';
import type { SubcallView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';
import { Disclosure } from './Disclosure';
import { showRunIteration } from './actions';

const preview = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

/** One llm_query: a one-line summary; prompt and response are mounted only when opened. */
function SubcallRowImpl({ call }: { call: SubcallView }) {
  const tone = call.status === 'running' ? 'info' : call.status === 'error' ? 'bad' : 'good';
  const summary = (
    <span className="inline-flex w-[calc(100%-1rem)] items-center gap-2 align-middle">
      <Badge tone={tone}>{call.childRunId ? 'rlm_query' : 'llm_query'}</Badge>
      {call.depth > 0 && <Badge title="depth of the run that made the call">d{call.depth}</Badge>}
      <span className="text-slate-400">{call.model}</span>
      <span className="min-w-0 flex-1 truncate text-slate-300">{preview(call.prompt)}</span>
      <span className="text-slate-400">{call.status === 'running' ? 'running…' : formatMs(call.durationMs)}</span>
      <span className="text-slate-400">{formatUsage(call.usage)}</span>
      {call.usage && <span className="text-slate-400">{formatCost(call.cost)}</span>}
    </span>
  );
  return (
    <Disclosure testId="subcall" depth={call.depth} summary={summary} className="rounded border border-slate-800 bg-slate-900/60 text-xs" summaryClassName="px-2 py-1">
      {() => (
        <div className="space-y-2 p-2">
          <p className="text-slate-400">
            {call.model} · {formatUsage(call.usage)} · {formatCost(call.cost)} · {formatMs(call.durationMs)}
          </p>
          <div>
            <p className="mb-1 text-slate-400">Prompt ({call.prompt.length.toLocaleString('en-US')} chars)</p>
            <pre tabIndex={0} data-testid="subcall-prompt" className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-black/40 p-2">
              {call.prompt}
            </pre>
          </div>
          <div>
            <p className="mb-1 text-slate-400">{call.error ? 'Error' : 'Response'}</p>
            <pre tabIndex={0} data-testid="subcall-response" className={`max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-black/40 p-2 ${call.error ? 'text-rose-300' : ''}`}>
              {call.error ?? call.response ?? '…'}
            </pre>
          </div>
          {call.childRunId && (
            <button
              type="button"
              data-testid="open-child-run"
              className="rounded bg-slate-800 px-2 py-1 text-slate-200 hover:bg-slate-700"
              onClick={() => showRunIteration(call.childRunId!, 1)}
            >
              Step through the child run →
            </button>
          )}
        </div>
      )}
    </Disclosure>
  );
}

export const SubcallRow = memo(SubcallRowImpl);
