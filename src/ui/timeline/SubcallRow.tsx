import type { SubcallView } from '../../core/trajectory';
import { Badge } from '../kit/Badge';
import { formatCost, formatMs, formatUsage } from '../kit/format';

export function SubcallRow({ call }: { call: SubcallView }) {
  const tone = call.status === 'running' ? 'info' : call.status === 'error' ? 'bad' : 'good';
  return (
    <details data-testid="subcall" className="rounded border border-slate-800 bg-slate-900/60 text-xs">
      <summary className="flex cursor-pointer items-center gap-2 px-2 py-1">
        <Badge tone={tone}>llm_query</Badge>
        <span className="text-slate-400">{call.model}</span>
        <span className="min-w-0 flex-1 truncate text-slate-300">{call.prompt.slice(0, 160)}</span>
        <span className="text-slate-400">{call.status === 'running' ? 'running…' : formatMs(call.durationMs)}</span>
        <span className="text-slate-400">{formatUsage(call.usage)}</span>
        {call.usage && <span className="text-slate-400">{formatCost(call.cost)}</span>}
      </summary>
      <div className="space-y-2 p-2">
        <div>
          <p className="mb-1 text-slate-400">Prompt ({call.prompt.length.toLocaleString('en-US')} chars)</p>
          <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-black/40 p-2">{call.prompt}</pre>
        </div>
        <div>
          <p className="mb-1 text-slate-400">{call.error ? 'Error' : 'Response'}</p>
          <pre data-testid="subcall-response" className={`max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-black/40 p-2 ${call.error ? 'text-rose-300' : ''}`}>
            {call.error ?? call.response ?? '…'}
          </pre>
        </div>
      </div>
    </details>
  );
}
