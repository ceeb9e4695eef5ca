import { useEffect, useRef } from 'react';
import { useApp } from '../../store';
import type { ProviderKind } from '../../core/types';
import { plausibleHost } from '../../providers/util';

/** How long typing must pause before the address is asked: a slow typist's gap between keys is under this. */
export const SETTLE_MS = 500;

/** Re-lists a provider's models shortly after its address or key settles, so typing does not fire a request per key. */
export function useModelRefresh(kind: ProviderKind, enabled = true): void {
  const endpoint = useApp((s) => s.endpointFor(kind));
  const key = useApp((s) => s.keys[kind] ?? '');
  const refreshModels = useApp((s) => s.refreshModels);
  // Half-typed Ollama addresses (`http://127.0`) are not asked: the list stays as it was until the text is one.
  const plausible = useApp((s) => kind !== 'ollama' || [s.settings.providers.ollama.host, ...s.settings.providers.ollama.hosts].every(plausibleHost));
  // The page's first listing goes at once; later ones wait for the typing to settle.
  const first = useRef(true);
  useEffect(() => {
    if (!enabled || !plausible) return;
    const t = setTimeout(() => void refreshModels(kind), first.current ? 0 : SETTLE_MS);
    first.current = false;
    return () => clearTimeout(t);
  }, [enabled, plausible, kind, endpoint, key, refreshModels]);
}
