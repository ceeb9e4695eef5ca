import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { inpageEngine, type InpageStatus } from '../../../providers/inpage/engine';
import type { StoredModel } from '../../../providers/inpage/store';
import { useApp } from '../../../store';

export function useInpageStatus(): InpageStatus {
  const e = inpageEngine();
  return useSyncExternalStore(e.subscribe, e.getStatus);
}

/** The store's models and the storage estimate, re-read after every load, download or delete. */
export function useStoredModels(status: InpageStatus) {
  const [models, setModels] = useState<StoredModel[]>([]);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  const reload = useCallback(async () => {
    const store = inpageEngine().store;
    setModels(await store.list().catch(() => []));
    setEstimate(await store.estimate());
  }, []);
  useEffect(() => {
    if (status.state !== 'downloading') void reload();
  }, [status.state, reload]);
  return { models, estimate, reload };
}

/** Once a model is ready, the model lists offer it and the roles on this provider use it. */
export function useAdoptLoaded(status: InpageStatus): void {
  const refreshModels = useApp((s) => s.refreshModels);
  const chooseModel = useApp((s) => s.chooseModel);
  const name = status.state === 'ready' ? status.model.name : null;
  useEffect(() => {
    void refreshModels('inpage').then(() => {
      const s = useApp.getState().settings;
      if (name && s.rootProvider === 'inpage') chooseModel('root', name);
      if (name && s.subProvider === 'inpage' && s.subModel && s.subModel !== name) chooseModel('sub', '');
    });
  }, [name, refreshModels, chooseModel]);
}
