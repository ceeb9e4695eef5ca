import { useApp } from '../../store';
import type { OllamaSettings } from '../../store/settings';
import { Field, inputClass } from '../kit/Field';
import { plausibleHost } from '../../providers/util';

/** The main Ollama host plus any others whose models join the list (a model may live on a GPU box). */
export function OllamaHostFields() {
  const ollama = useApp((s) => s.settings.providers.ollama);
  const models = useApp((s) => s.models.ollama);
  const updateSettings = useApp((s) => s.updateSettings);
  const hostErrors = models.status === 'ok' ? models.hostErrors : {};
  const edit = (f: (o: OllamaSettings) => OllamaSettings) =>
    updateSettings((s) => ({ ...s, providers: { ...s.providers, ollama: f(s.providers.ollama) } }));
  const setExtra = (i: number, host: string) => edit((o) => ({ ...o, hosts: o.hosts.map((h, j) => (j === i ? host : h)) }));
  const removeExtra = (i: number) =>
    edit((o) => {
      const gone = o.hosts[i];
      // Models picked from that host go back to the main one.
      const modelHosts = Object.fromEntries(Object.entries(o.modelHosts).filter(([, h]) => h !== gone));
      return { ...o, hosts: o.hosts.filter((_, j) => j !== i), modelHosts };
    });

  return (
    <div className="space-y-1">
      <Field
        label="Ollama host"
        hint={
          <>
            Where <code>ollama serve</code> listens; a bare name such as <code>gpu-box</code> means port 11434. The page calls it directly from your browser.
          </>
        }
      >
        <input
          data-testid="host-input"
          className={inputClass}
          value={ollama.host}
          spellCheck={false}
          onChange={(e) => edit((o) => ({ ...o, host: e.target.value }))}
        />
        {!plausibleHost(ollama.host) && (
          <span data-testid="host-not-address" className="block text-xs text-amber-300">
            Not an address yet (e.g. <code>http://127.0.0.1:11434</code> or <code>gpu-box</code>): nothing is asked until it is.
          </span>
        )}
      </Field>
      {ollama.hosts.map((h, i) => (
        <span key={i} className="block space-y-1">
          <span className="flex gap-1">
            <input
              data-testid="extra-host-input"
              aria-label={`Other Ollama host ${i + 1}`}
              className={inputClass}
              value={h}
              placeholder="http://gpu-box.local:11434"
              spellCheck={false}
              onChange={(e) => setExtra(i, e.target.value)}
            />
            <button
              type="button"
              data-testid="extra-host-remove"
              title="Remove this host"
              aria-label={`Remove Ollama host ${h || i + 1}`}
              className="rounded bg-slate-800 px-2 text-slate-300 hover:bg-slate-700"
              onClick={() => removeExtra(i)}
            >
              ×
            </button>
          </span>
          {hostErrors[h] && (
            <span data-testid="extra-host-error" className="block text-xs text-amber-300" title={hostErrors[h]}>
              Not reachable: {hostErrors[h].split('\n')[0]}
            </span>
          )}
        </span>
      ))}
      <button
        type="button"
        data-testid="add-host"
        className="text-xs text-sky-400 hover:text-sky-300"
        onClick={() => edit((o) => ({ ...o, hosts: [...o.hosts, ''] }))}
      >
        + another Ollama host
      </button>
    </div>
  );
}
