/**
 * "In this browser": load a GGUF model into the page (a file, a URL, or a listed model), see it download and
 * load, and manage the models kept in this browser. Loaded lazily with the provider, like wllama itself.
 */
import { useState } from 'react';
import { inpageEngine, type InpageStatus } from '../../../providers/inpage/engine';
import { downloadText } from '../../../providers/inpage/progress';
import { formatBytes } from '../../../core/format';
import { useApp } from '../../../store';
import { Field, inputClass } from '../../kit/Field';
import { InpageCatalog } from './InpageCatalog';
import { InpageStored } from './InpageStored';
import { NCtxField } from './NCtxField';
import { useAdoptLoaded, useInpageStatus, useStoredModels } from './useInpage';

const button = 'rounded bg-slate-800 px-2 py-1 text-xs text-slate-200 hover:bg-slate-700 disabled:opacity-50';

export default function InpageFields() {
  const status = useInpageStatus();
  const nCtx = useApp((s) => s.settings.providers.inpage.nCtx);
  const stored = useStoredModels(status);
  const [url, setUrl] = useState('');
  useAdoptLoaded(status);
  const engine = inpageEngine();
  const busy = status.state === 'downloading' || status.state === 'loading';
  const loadUrl = (u: string, restart = false) => void engine.loadUrl(u.trim(), { nCtx, restart });

  return (
    <div className="space-y-3">
      <StatusLine status={status} />
      <NCtxField loadedCtx={status.state === 'ready' ? status.model.nCtx : undefined} />
      <Field label="Model file (.gguf)">
        <input
          data-testid="inpage-model-file"
          type="file"
          accept=".gguf"
          className="block w-full text-xs text-slate-300 file:mr-2 file:rounded file:border-0 file:bg-slate-800 file:px-2 file:py-1 file:text-slate-200"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void engine.loadFile(f, { nCtx });
            e.target.value = '';
          }}
        />
      </Field>
      <Field label="…or a model URL">
        <div className="flex gap-2">
          <input
            data-testid="inpage-model-url"
            className={inputClass}
            value={url}
            spellCheck={false}
            placeholder="https://huggingface.co/…/resolve/main/model.gguf"
            onChange={(e) => setUrl(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && url.trim() && loadUrl(url)}
          />
          <button type="button" data-testid="inpage-model-load" className={button} disabled={!url.trim() || busy} onClick={() => loadUrl(url)}>
            Load
          </button>
        </div>
      </Field>
      <InpageCatalog stored={stored.models} busy={busy} onLoad={loadUrl} />
      <InpageStored {...stored} busy={busy} onLoad={(m, restart) => loadUrl(m.url, restart)} />
    </div>
  );
}

function StatusLine({ status }: { status: InpageStatus }) {
  const engine = inpageEngine();
  return (
    <div data-testid="inpage-model-status" data-state={status.state} role="status" className="space-y-1 rounded border border-slate-700 p-2 text-xs">
      {status.state === 'idle' && <p className="text-slate-400">No model loaded in this page. Pick a file, paste a URL or choose a listed model.</p>}
      {status.state === 'downloading' && (
        <>
          <p>
            Downloading <span className="font-mono">{status.name}</span>…
          </p>
          <progress data-testid="inpage-download-progress" className="h-2 w-full accent-sky-500" max={status.total || 1} value={status.loaded} />
          <div className="flex items-center gap-2">
            <span data-testid="inpage-download-text" className="flex-1">
              {downloadText({ ...status, now: performance.now() })}
            </span>
            <button type="button" data-testid="inpage-download-cancel" className={button} onClick={() => engine.cancelLoad()}>
              Cancel
            </button>
          </div>
        </>
      )}
      {status.state === 'loading' && (
        <p>
          Loading <span className="font-mono">{status.name}</span> into llama.cpp (in its worker; the page stays usable)…
        </p>
      )}
      {status.state === 'ready' && <ReadyLine model={status.model} />}
      {status.state === 'error' && (
        <p role="alert" className="text-rose-300">
          {status.message}
        </p>
      )}
    </div>
  );
}

function ReadyLine({ model: m }: { model: Extract<InpageStatus, { state: 'ready' }>['model'] }) {
  const isolated = globalThis.crossOriginIsolated === true;
  const where = m.gpu ? 'WebGPU' : `${m.threads} CPU thread${m.threads === 1 ? '' : 's'}${m.multiThread || isolated ? '' : ' (page not cross-origin isolated)'}`;
  return (
    <p className="text-emerald-300">
      Ready: <span className="font-mono">{m.name}</span> · {formatBytes(m.bytes)} · n_ctx {m.nCtx} · <span data-testid="inpage-threads">{where}</span> ·{' '}
      {m.template === 'model' ? "model's chat template" : 'ChatML template'} · loaded from {m.source} in {(m.loadMs / 1000).toFixed(1)} s
    </p>
  );
}
