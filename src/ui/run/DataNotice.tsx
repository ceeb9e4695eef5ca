import { useApp } from '../../store';
import { describeEndpoint } from '../../providers';
import { providerConfig } from '../../store/settings';

/** Before a run, say where the question and the data's excerpts will go. */
export function DataNotice() {
  const settings = useApp((s) => s.settings);
  const kinds = Array.from(new Set([settings.rootProvider, settings.subModel ? settings.subProvider : settings.rootProvider]));
  const targets = kinds.map((k) => describeEndpoint(providerConfig(k, settings)));
  // The in-page model has no host: its label says where it is.
  const text = targets.map((t) => (t.kind === 'inpage' ? t.label : `${t.label} ${t.local ? 'on this machine' : 'at'} ${t.host}`)).join(' and ');
  const remote = targets.some((t) => !t.local);
  // Cut to one line only at desktop widths, where the title shows the rest on hover; a phone has no hover.
  return (
    <span
      data-testid="data-notice"
      className={`text-xs lg:truncate ${remote ? 'text-amber-300' : 'text-slate-400'}`}
      title={targets.map((t) => t.notice).join('\n')}
    >
      Prompts and sub-call prompts go to {text}
    </span>
  );
}
