import { useApp } from '../store';
import { Badge } from './kit/Badge';

/** What the SharedArrayBuffer bridge changes, said where the bridge is shown (README: "The two bridges"). */
const SAB_NOTE =
  'No JSPI here (or ?bridge=sab): Python waits for llm_query on the SharedArrayBuffer bridge. ' +
  'Child runs (rlm_query) run one at a time; batched calls still run together.';

/** The header badge: whether Python (Pyodide in its worker) is loading, ready or broken, and on which bridge. */
export function PythonStatus() {
  const s = useApp((st) => st.sandbox);
  const bridge = s.state === 'ready' ? (s.bridge ?? 'jspi') : undefined;
  const label = s.state === 'loading' ? 'Python loading…' : s.state === 'ready' ? 'Python ready' : 'Python error';
  const tone = s.state === 'loading' ? 'info' : s.state === 'ready' ? 'good' : 'bad';
  const title = s.state === 'error' ? s.message : bridge === 'sab' ? SAB_NOTE : 'Pyodide in a Web Worker';
  return (
    <span data-testid="sandbox-status" data-state={s.state} {...(bridge ? { 'data-bridge': bridge } : {})} title={title}>
      <Badge tone={tone}>{label}</Badge>
      {bridge === 'sab' && (
        <span className="ml-1">
          <Badge tone="warn">SAB bridge: children one at a time</Badge>
        </span>
      )}
    </span>
  );
}
