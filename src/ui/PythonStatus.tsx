import { useApp } from '../store';
import { Badge } from './kit/Badge';

/** The header badge: whether Python (Pyodide in its worker) is loading, ready or broken. */
export function PythonStatus() {
  const s = useApp((st) => st.sandbox);
  const label = s.state === 'loading' ? 'Python loading…' : s.state === 'ready' ? 'Python ready' : 'Python error';
  const tone = s.state === 'loading' ? 'info' : s.state === 'ready' ? 'good' : 'bad';
  return (
    <span data-testid="sandbox-status" data-state={s.state} title={s.state === 'error' ? s.message : 'Pyodide in a Web Worker'}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}
