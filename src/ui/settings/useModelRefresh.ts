import { useEffect } from 'react';
import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';

/** Re-lists a provider's models shortly after its address or key settles, so typing does not fire a request per key. */
export function useModelRefresh(kind: ProviderKind, enabled = true): void {
  const endpoint = useApp((s) => s.endpointFor(kind));
  const key = useApp((s) => s.keys[kind] ?? '');
  const refreshModels = useApp((s) => s.refreshModels);
  useEffect(() => {
    if (!enabled) return;
    const t = setTimeout(() => void refreshModels(kind), 300);
    return () => clearTimeout(t);
  }, [enabled, kind, endpoint, key, refreshModels]);
}
