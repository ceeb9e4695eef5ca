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
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(Array.from(e.dataTransfer.files));
  };

  return (
    <div
      data-testid="context-drop"
      role="button"
      tabIndex={0}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onClick={(e) => e.target === e.currentTarget && input.current?.click()}
      className={`rounded-lg border-2 border-dashed p-3 text-sm transition-colors ${over ? 'border-sky-400 bg-sky-950/40' : 'border-slate-700 hover:border-slate-500'}`}
    >
      <input ref={input} type="file" multiple className="hidden" data-testid="context-file-input" onChange={(e) => take(Array.from(e.target.files ?? []))} />
      {context.status === 'empty' && (
        <p className="pointer-events-none text-slate-400">
          Drop files here or <span className="text-sky-400 underline">pick files</span> to load as <code>context</code>. Optional: without
          a file the REPL starts with an empty context.
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
            <button className="rounded bg-slate-700 px-2 py-0.5" onClick={() => void clearContext()}>
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
