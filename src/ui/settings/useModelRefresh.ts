import { useEffect } from 'react';
import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { plausibleHost } from '../../providers/util';

/** Re-lists a provider's models shortly after its address or key settles, so typing does not fire a request per key. */
export function useModelRefresh(kind: ProviderKind, enabled = true): void {
  const endpoint = useApp((s) => s.endpointFor(kind));
  const key = useApp((s) => s.keys[kind] ?? '');
  const refreshModels = useApp((s) => s.refreshModels);
  // Half-typed Ollama addresses (`http://127.0`) are not asked: the list stays as it was until the text is one.
  const plausible = useApp((s) => kind !== 'ollama' || [s.settings.providers.ollama.host, ...s.settings.providers.ollama.hosts].every(plausibleHost));
  useEffect(() => {
    if (!enabled || !plausible) return;
    const t = setTimeout(() => void refreshModels(kind), 300);
    return () => clearTimeout(t);
  }, [enabled, plausible, kind, endpoint, key, refreshModels]);
}
