import { useRef, useState, type DragEvent } from 'react';
import { useApp } from '../../store';
import { formatBytes } from '../../core/format';
import { formatInt } from '../kit/format';
import { SessionContexts } from './SessionContexts';

export function ContextDrop() {
  const context = useApp((s) => s.context);
  const setFiles = useApp((s) => s.setFiles);
  const clearContext = useApp((s) => s.clearContext);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const loadAsText = useApp((s) => s.loadAsText);
  const pending = useApp((s) => s.pendingContext);
  const cancelPending = useApp((s) => s.cancelPendingContext);
  const take = (files: File[]) => void setFiles(files);
  const pick = () => input.current?.click();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(Array.from(e.dataTransfer.files));
  };

  return (
    // A drop target, not a button: it holds controls (pick, Remove, Dismiss), and a button may hold none (axe
    // nested-interactive). The keyboard reaches the file picker through the "pick files" button inside.
    <div
      data-testid="context-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onClick={(e) => e.target === e.currentTarget && pick()}
      className={`rounded-lg border-2 border-dashed p-3 text-sm transition-colors ${over ? 'border-sky-400 bg-sky-950/40' : 'border-slate-700 hover:border-slate-500'}`}
    >
      <input ref={input} type="file" multiple className="hidden" data-testid="context-file-input" onChange={(e) => take(Array.from(e.target.files ?? []))} />
      {context.status === 'empty' && (
        <p className="text-slate-400" onClick={(e) => e.target === e.currentTarget && pick()}>
          Drop files here or{' '}
          <button type="button" data-testid="context-pick" className="text-sky-400 underline hover:text-sky-300" onClick={pick}>
            pick files
          </button>{' '}
          to load as <code>context</code>. Optional: without a file the REPL starts with an empty context.
        </p>
      )}
      {context.status === 'loading' && (
        <div className="space-y-1" data-testid="context-loading">
          <p>
            {context.names.join(', ')}: {context.phase}
          </p>
          {context.total ? <progress className="w-full" value={context.loaded} max={context.total} /> : <progress className="w-full" />}
        </div>
      )}
      {context.status === 'ready' && (
        <div className="flex items-start justify-between gap-2" data-testid="context-ready">
          <div>
            <p className="font-medium text-slate-100">{context.names.join(', ')}</p>
            <p className="text-xs text-slate-400">
              {context.meta.pyType} · {formatInt(context.meta.totalChars)} chars · {formatInt(context.meta.lines)} lines ·{' '}
              {formatBytes(context.meta.bytes)}
            </p>
            {context.meta.warnings.map((w) => (
              <p key={w} className="text-xs text-amber-300">
                ⚠ {w}
              </p>
            ))}
          </div>
          <button
            className="text-xs text-slate-400 hover:text-slate-100"
            title="Removing the file also ends a session: Python starts with a fresh namespace"
            onClick={() => void clearContext()}
          >
            Remove
          </button>
        </div>
      )}
      {context.status === 'error' && (
        <div role="alert" className="space-y-2 text-rose-200" data-testid="context-error">
          <p className="whitespace-pre-wrap">{context.message}</p>
          <div className="flex gap-2 text-xs">
            {context.canLoadAsText && (
              <button className="rounded bg-slate-700 px-2 py-0.5" onClick={() => void loadAsText()}>
                Load as plain text
              </button>
            )}
            <button type="button" data-testid="context-error-pick" className="rounded bg-slate-700 px-2 py-0.5" onClick={pick}>
              Pick another file
            </button>
            <button type="button" className="rounded bg-slate-700 px-2 py-0.5" onClick={() => void clearContext()}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      <SessionContexts />
      {pending && (
        <div role="status" className="mt-2 flex items-center gap-2 text-xs text-sky-300" data-testid="context-pending">
          <span>
            {pending.kind === 'clear'
              ? 'The file will be removed when the run ends'
              : `${pending.files.map((f) => f.name).join(', ')} will be added to the session (as the next context_n) when the run ends`}
            : the running code keeps the context it started with.
          </span>
          <button className="rounded bg-slate-700 px-2 py-0.5 text-slate-200" onClick={cancelPending}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
