import { useApp } from '../../store';
import { isInstalled } from '../../store/ollamaModels';
import { ollamaHostFor } from '../../store/settings';
import { formatBytes } from '../../core/format';
import { AdviceText } from '../kit/AdviceText';
import { hostLabel } from './ModelSelect';

/**
 * Shown when the chosen Ollama model is not on the host its calls go to:
 * says so before a run fails on it, and pulls it with Ollama's own progress.
 */
export function PullPanel({ model }: { model: string }) {
  const ollama = useApp((s) => s.settings.providers.ollama);
  const models = useApp((s) => s.models.ollama);
  const pull = useApp((s) => s.pulls[model]);
  const pullModel = useApp((s) => s.pullModel);
  const cancelPull = useApp((s) => s.cancelPull);
  if (!model || models.status !== 'ok') return null;
  if (isInstalled(model, models.list, ollama) && !pull?.running) return null;
  const host = hostLabel(ollamaHostFor(model, ollama));
  const pct = pull && pull.total > 0 ? Math.min(100, (100 * pull.completed) / pull.total) : undefined;

  return (
    <div data-testid="pull-panel" className="space-y-2 rounded border border-amber-800 bg-amber-950/40 p-2 text-xs text-amber-100">
      {pull?.running ? (
        <div className="space-y-1">
          <p>
            Pulling <span className="font-mono">{model}</span> to {host}…
          </p>
          <progress data-testid="pull-progress" className="h-2 w-full accent-sky-500" max={100} value={pct} />
          <p data-testid="pull-status" className="truncate text-amber-200/80" title={pull.status}>
            {pull.status}
          </p>
          <div className="flex items-center gap-2">
            <span className="flex-1">{pull.total > 0 && `${formatBytes(pull.completed)} of ${formatBytes(pull.total)} · ${Math.floor(pct ?? 0)} %`}</span>
            <button type="button" className="rounded bg-slate-800 px-2 py-0.5 hover:bg-slate-700" onClick={() => cancelPull(model)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <p>
          <span className="font-mono">{model}</span> is not installed on {host}. Pull it here, or run{' '}
          <code className="rounded bg-black/40 px-1">ollama pull {model}</code> there.
        </p>
      )}
      {!pull?.running && (
        <button
          type="button"
          data-testid="pull-button"
          className="rounded bg-sky-700 px-2 py-1 text-white hover:bg-sky-800"
          onClick={() => void pullModel(model)}
        >
          Pull this model
        </button>
      )}
      {pull?.error && (
        <div data-testid="pull-error" className="text-rose-300">
          <AdviceText text={pull.error} />
        </div>
      )}
      {pull?.status === 'cancelled' && <p className="text-slate-400">Pull cancelled; Ollama keeps what it downloaded and resumes next time.</p>}
    </div>
  );
}
