import { useEffect } from 'react';
import { useApp } from '../../store';
import { describeKey, sameOllamaModel } from '../../store/ollamaModels';
import { ollamaHostFor } from '../../store/settings';
import { formatInt } from '../kit/format';
import { plausibleHost } from '../../providers/util';
import { SETTLE_MS } from './useModelRefresh';

/**
 * One line about the chosen Ollama model: size, family, quantisation, whether
 * it thinks, its context window and what num_ctx it will really get.
 */
export function ModelDetails({ model, testId }: { model: string; testId: string }) {
  const ollama = useApp((s) => s.settings.providers.ollama);
  const host = ollamaHostFor(model, ollama);
  const info = useApp((s) => s.described[describeKey(host, model)]);
  const listed = useApp((s) =>
    s.models.ollama.status === 'ok' ? s.models.ollama.list.find((m) => sameOllamaModel(m.name, model) && (m.host ?? ollama.host) === host) : undefined,
  );
  const numCtx = useApp((s) => s.settings.engine.numCtx);
  const think = useApp((s) => s.settings.engine.think);
  const describeModel = useApp((s) => s.describeModel);

  // Lazily: only the chosen model needs /api/show right away. Not per keystroke while its host is typed: once the
  // text settles and reads as an address.
  useEffect(() => {
    if (!model || !plausibleHost(host)) return;
    const t = setTimeout(() => void describeModel(model), SETTLE_MS);
    return () => clearTimeout(t);
  }, [model, host, describeModel]);

  if (!model || (!info && !listed)) return null;
  const details = listed?.details ?? info?.details;
  const ctx = info?.contextLength;
  const thinking = info?.supportsThinking;
  return (
    <p data-testid={testId} className="text-xs text-slate-400">
      {details && <span>{details}</span>}
      {thinking !== undefined && (
        <>
          {details ? ' · ' : ''}
          <span data-testid="model-thinks" className={thinking ? 'text-violet-300' : ''}>
            {thinking ? `thinks${think === 'off' ? ' (off)' : ''}` : 'no thinking'}
          </span>
        </>
      )}
      {ctx ? (
        <span data-testid="model-context">
          {' · '}
          {formatInt(ctx)}-token window
          {numCtx > ctx && <span className="text-amber-300"> (num_ctx {formatInt(numCtx)} capped to it)</span>}
        </span>
      ) : null}
    </p>
  );
}
