import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunEvent } from '../core/events';
import type { HistoryStore, RunSummary } from './types';

interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunSummary; indexes: { startedAt: number } };
  events: { key: string; value: { runId: string; events: RunEvent[] } };
}

/** Past runs in IndexedDB: summaries for the list, the event stream for replay. */
export function indexedDbHistory(name = 'rlm-studio'): HistoryStore {
  let db: Promise<IDBPDatabase<HistorySchema>> | null = null;
  const open = () =>
    (db ??= openDB<HistorySchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('runs', { keyPath: 'runId' }).createIndex('startedAt', 'startedAt');
        d.createObjectStore('events', { keyPath: 'runId' });
      },
    }));
  return {
    async list() {
      const all = await (await open()).getAllFromIndex('runs', 'startedAt');
      return all.reverse();
    },
    async save(summary, events) {
      const tx = (await open()).transaction(['runs', 'events'], 'readwrite');
      await Promise.all([tx.objectStore('runs').put(summary), tx.objectStore('events').put({ runId: summary.runId, events }), tx.done]);
    },
    async load(runId) {
      return (await (await open()).get('events', runId))?.events ?? null;
    },
    async remove(runId) {
      const tx = (await open()).transaction(['runs', 'events'], 'readwrite');
      await Promise.all([tx.objectStore('runs').delete(runId), tx.objectStore('events').delete(runId), tx.done]);
    },
  };
}
