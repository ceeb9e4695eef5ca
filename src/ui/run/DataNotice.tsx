import { useApp } from '../../store';

/** Before a run, say where the question and the data's excerpts will go. */
export function DataNotice() {
  const root = useApp((s) => s.endpointFor(s.settings.rootProvider));
  const sub = useApp((s) => s.endpointFor(s.settings.subModel ? s.settings.subProvider : s.settings.rootProvider));
  const targets = Array.from(new Set([root, sub]));
  return (
    <span data-testid="data-notice" className="truncate text-xs text-slate-500" title="The root model sees the question, metadata and printed output; sub-calls see whatever the code sends them.">
      Sends prompts to {targets.join(' and ')}
    </span>
  );
}
