import { useApp } from '../store';
import type { BoundaryLayers } from '../sandbox/protocol';
import { Badge } from './kit/Badge';

/** What the worker's self-check found, in words: which boundary layers hold here and what that means. */
export function describeLayers(l: BoundaryLayers): { text: string; complete: boolean } {
  const parts = [
    l.csp
      ? 'Boundary: scope + CSP layers in place'
      : "CSP layer missing (no worker policy from this host): only the scope layer keeps Python off the network",
    l.isolated ? 'Stop interrupts Python in place' : 'not cross-origin isolated: Stop restarts Python here (variables are lost)',
  ];
  return { text: parts.join('; '), complete: l.csp && l.isolated };
}

/** The header badge: whether Python (Pyodide in its worker) is loading, ready or broken, and which layers hold. */

/** What the SharedArrayBuffer bridge changes, said where the bridge is shown (README: "The two bridges"). */
const SAB_NOTE =
  'No JSPI here (or ?bridge=sab): Python waits for llm_query on the SharedArrayBuffer bridge. ' +
  'Child runs (rlm_query) run one at a time; batched calls still run together.';

/** The header badge: whether Python (Pyodide in its worker) is loading, ready or broken, which layers hold, and on
 * which bridge. */
export function PythonStatus() {
  const s = useApp((st) => st.sandbox);
  const bridge = s.state === 'ready' ? (s.bridge ?? 'jspi') : undefined;
  const label = s.state === 'loading' ? 'Python loading…' : s.state === 'ready' ? 'Python ready' : 'Python error';
  const tone = s.state === 'loading' ? 'info' : s.state === 'ready' ? 'good' : 'bad';
  const layers = s.state === 'ready' ? s.layers : undefined;
  const said = layers && describeLayers(layers);
  const attrs = {
    ...(bridge ? { 'data-bridge': bridge } : {}),
    ...(layers ? { 'data-csp': layers.csp ? 'on' : 'off', 'data-isolated': String(layers.isolated) } : {}),
  };
  const title = s.state === 'error' ? s.message : bridge === 'sab' ? SAB_NOTE : 'Pyodide in a Web Worker';
  return (
    <span data-testid="sandbox-status" data-state={s.state} {...attrs} className="inline-flex items-center gap-2" title={title}>
      <Badge tone={tone}>{label}</Badge>
      {bridge === 'sab' && <Badge tone="warn">SAB bridge: children one at a time</Badge>}
      {said && (
        <span data-testid="sandbox-layers" className={`max-w-md text-xs ${said.complete ? 'text-slate-400' : 'text-amber-300'}`}>
          {said.text}
        </span>
      )}
    </span>
  );
}
