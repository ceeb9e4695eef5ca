/**
 * Benchmarks in IndexedDB, in a database of their own: a matrix of hundreds of trials must not flood the run
 * history (nor share its version). One record per benchmark (its config and provenance) and one per trial,
 * written the moment the trial ends, so a reload or crash loses only the trials in flight.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BenchRecord, TrialResult } from '../bench/types';

export type BenchHeader = Omit<BenchRecord, 'trials'>;

export interface BenchStore {
  /** Every benchmark, newest first, with its trials but not their events (the list stays small). */
  list(): Promise<BenchRecord[]>;
  /** One benchmark with every trial's events. */
  load(id: string): Promise<BenchRecord | null>;
  saveHeader(header: BenchHeader): Promise<void>;
  saveTrial(trial: TrialResult): Promise<void>;
  /** A whole record at once (an import). */
  saveRecord(record: BenchRecord): Promise<void>;
  remove(id: string): Promise<void>;
}

interface BenchSchema extends DBSchema {
  benches: { key: string; value: BenchHeader };
  trials: { key: [string, string]; value: TrialResult; indexes: { benchId: string } };
}

const headerOf = ({ trials: _t, ...header }: BenchRecord): BenchHeader => header;
const withoutEvents = (t: TrialResult): TrialResult => ({ ...t, events: [] });
const newestFirst = (a: BenchRecord, b: BenchRecord) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
/** Trials in the order they finished: the live table fills in that order, and so does a reopened one. */
const byFinish = (a: TrialResult, b: TrialResult) => a.finishedAt - b.finishedAt || (a.key < b.key ? -1 : 1);

export function indexedDbBench(name = 'rlm-studio-bench'): BenchStore {
  let db: Promise<IDBPDatabase<BenchSchema>> | null = null;
  const open = () =>
    (db ??= openDB<BenchSchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('benches', { keyPath: 'id' });
        d.createObjectStore('trials', { keyPath: ['benchId', 'key'] }).createIndex('benchId', 'benchId');
      },
    }));
  const trialsOf = async (id: string) => (await (await open()).getAllFromIndex('trials', 'benchId', id)).sort(byFinish);
  return {
    async list() {
      const d = await open();
      const [headers, trials] = await Promise.all([d.getAll('benches'), d.getAll('trials')]);
      const by = new Map<string, TrialResult[]>();
      for (const t of trials) by.set(t.benchId, [...(by.get(t.benchId) ?? []), withoutEvents(t)]);
      return headers.map((h) => ({ ...h, trials: (by.get(h.id) ?? []).sort(byFinish) })).sort(newestFirst);
    },
    async load(id) {
      const header = await (await open()).get('benches', id);
      return header ? { ...header, trials: await trialsOf(id) } : null;
    },
    async saveHeader(header) {
      await (await open()).put('benches', header);
    },
    async saveTrial(trial) {
      await (await open()).put('trials', trial);
    },
    async saveRecord(record) {
      const tx = (await open()).transaction(['benches', 'trials'], 'readwrite');
      await Promise.all([tx.objectStore('benches').put(headerOf(record)), ...record.trials.map((t) => tx.objectStore('trials').put(t)), tx.done]);
    },
    async remove(id) {
      const tx = (await open()).transaction(['benches', 'trials'], 'readwrite');
      const keys = await tx.objectStore('trials').index('benchId').getAllKeys(id);
      await Promise.all([tx.objectStore('benches').delete(id), ...keys.map((k) => tx.objectStore('trials').delete(k)), tx.done]);
    },
  };
}

/** The same store in memory, for tests (and a page without IndexedDB); `trialWrites` counts saves. */
export function memoryBench(): BenchStore & { trialWrites: number } {
  const headers = new Map<string, BenchHeader>();
  const trials = new Map<string, TrialResult>();
  const tkey = (t: TrialResult) => `${t.benchId}\u0000${t.key}`;
  const of = (id: string) => [...trials.values()].filter((t) => t.benchId === id).sort(byFinish);
  return {
    trialWrites: 0,
    async list() {
      return [...headers.values()].map((h) => structuredClone({ ...h, trials: of(h.id).map(withoutEvents) })).sort(newestFirst);
    },
    async load(id) {
      const h = headers.get(id);
      return h ? structuredClone({ ...h, trials: of(id) }) : null;
    },
    async saveHeader(h) {
      headers.set(h.id, structuredClone(h));
    },
    async saveTrial(t) {
      this.trialWrites++;
      trials.set(tkey(t), structuredClone(t));
    },
    async saveRecord(r) {
      headers.set(r.id, structuredClone(headerOf(r)));
      for (const t of r.trials) trials.set(tkey(t), structuredClone(t));
    },
    async remove(id) {
      headers.delete(id);
      for (const t of of(id)) trials.delete(tkey(t));
    },
  };
}
