import type { BenchModel, TrialResult } from '../../bench/types';
import { formatMs } from '../kit/format';
import { formatSize } from './eta';

const STATUS_CLASS: Record<TrialResult['status'], string> = {
  ok: 'text-slate-300',
  error: 'text-amber-300',
  'exceeds-context': 'text-slate-400',
  stopped: 'text-slate-400',
};

function verdict(t: TrialResult): string {
  if (t.status === 'error') return `error: ${t.error ?? 'unknown'}`;
  if (t.status === 'exceeds-context') return 'exceeds the context window';
  if (t.status === 'stopped') return 'stopped';
  if (!t.score) return 'not scored';
  return `${t.score.correct ? '✓' : '✗'} ${t.score.detail}`;
}

/** Every trial, newest last, each opening its trajectory in the run view. */
export function TrialList({ trials, models, onOpen }: { trials: TrialResult[]; models: BenchModel[]; onOpen(key: string): void }) {
  if (!trials.length) return null;
  return (
    <details className="rounded border border-slate-800 p-2" data-testid="bench-trials">
      <summary className="cursor-pointer text-sm text-slate-200">Trials ({trials.length}): open one in the run view</summary>
      <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto text-xs">
        {trials.map((t) => (
          <li key={t.key} data-testid="bench-trial" data-key={t.key} data-status={t.status} className="flex items-baseline gap-2">
            <button type="button" data-testid="bench-trial-open" className="text-sky-400 hover:underline" onClick={() => onOpen(t.key)}>
              Open
            </button>
            <span className="font-mono text-slate-300">{models[t.spec.modelIndex]?.model ?? `model ${t.spec.modelIndex}`}</span>
            <span className="text-slate-400">
              {t.spec.method} · {t.spec.task}
              {t.spec.size ? ` ${formatSize(t.spec.size)}` : ''} · trial {t.spec.trial + 1} · {formatMs(t.wallMs)}
            </span>
            <span className={`min-w-0 truncate ${STATUS_CLASS[t.status]}`} title={verdict(t)}>
              {verdict(t)}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
