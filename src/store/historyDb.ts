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

/** History in memory, for store tests; `saves` counts writes. */
export function memoryHistory(): HistoryStore & { saves: number } {
  const runs = new Map<string, { summary: RunSummary; events: RunEvent[] }>();
  return {
    saves: 0,
    async list() {
      return [...runs.values()].map((r) => r.summary).sort((a, b) => b.startedAt - a.startedAt);
    },
    async save(summary, events) {
      this.saves++;
      runs.set(summary.runId, structuredClone({ summary, events }));
    },
    async load(runId) {
      return structuredClone(runs.get(runId)?.events ?? null);
    },
    async remove(runId) {
      runs.delete(runId);
    },
  };
}
