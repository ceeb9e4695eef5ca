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
export function PythonStatus() {
  const s = useApp((st) => st.sandbox);
  const label = s.state === 'loading' ? 'Python loading…' : s.state === 'ready' ? 'Python ready' : 'Python error';
  const tone = s.state === 'loading' ? 'info' : s.state === 'ready' ? 'good' : 'bad';
  const layers = s.state === 'ready' ? s.layers : undefined;
  const said = layers && describeLayers(layers);
  // JSPI is the only bridge the worker has (it refuses to start without it).
  const attrs = layers ? { 'data-bridge': 'jspi', 'data-csp': layers.csp ? 'on' : 'off', 'data-isolated': String(layers.isolated) } : {};
  return (
    <span data-testid="sandbox-status" data-state={s.state} {...attrs} className="inline-flex items-center gap-2"
      title={s.state === 'error' ? s.message : 'Pyodide in a Web Worker'}>
      <Badge tone={tone}>{label}</Badge>
      {said && (
        <span data-testid="sandbox-layers" className={`max-w-md text-xs ${said.complete ? 'text-slate-400' : 'text-amber-300'}`}>
          {said.text}
        </span>
      )}
    </span>
  );
}
