import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BenchModel } from '../../bench/types';
import type { ProviderKind } from '../../core/types';
import { useApp } from '../../store';
import { benchLib } from './benchLib';
import { BenchView, type BenchActions } from './BenchView';

const KINDS: ProviderKind[] = ['ollama', 'openai', 'anthropic', 'inpage'];

/** Every model the providers list now, as bench models (for presets that pre-tick some of them). */
function useAvailable(): BenchModel[] {
  const models = useApp((s) => s.models);
  return useMemo(
    () => KINDS.flatMap((kind) => (models[kind].status === 'ok' ? models[kind].list.map((m) => ({ provider: kind, model: m.name, hosts: m.host ? [m.host] : [] })) : [])),
    [models],
  );
}

/** The benchmark tab, wired to the store's bench slice (a lazy chunk: see App.tsx). */
export default function BenchTab({ onOpenTrial }: { onOpenTrial(): void }) {
  const state = useApp((s) => s.bench);
  const available = useAvailable();
  const store = useApp(
    useShallow((s) => ({
      setBenchConfig: s.setBenchConfig,
      startBench: s.startBench,
      pauseBench: s.pauseBench,
      resumeBench: s.resumeBench,
      cancelBench: s.cancelBench,
      openBench: s.openBench,
      deleteBench: s.deleteBench,
      importBench: s.importBench,
      openTrial: s.openTrial,
    })),
  );
  const actions: BenchActions = useMemo(
    () => ({
      ...store,
      openTrial: (key) => {
        store.openTrial(key);
        onOpenTrial();
      },
    }),
    [store, onOpenTrial],
  );
  return <BenchView lib={benchLib} state={state} actions={actions} available={available} />;
}
