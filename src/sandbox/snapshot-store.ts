import { openDB } from 'idb';
import pyodidePackage from 'pyodide/package.json';
import type { SnapshotStore } from './api';
import { SNAPSHOT_IMPORTS } from './protocol';

/**
 * The boot snapshot in the page's IndexedDB, keyed by everything that makes a
 * snapshot incompatible: Pyodide's version and the modules imported before it
 * was taken. A stale key is simply a miss; the worker then boots cold.
 */
const KEY = `pyodide-${pyodidePackage.version}|${SNAPSHOT_IMPORTS}`;

export function indexedDbSnapshotStore(name = 'rlm-studio-sandbox'): SnapshotStore {
  const db = () =>
    openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('snapshots');
      },
    });
  return {
    async load() {
      const d = await db();
      const v = (await d.get('snapshots', KEY)) as Uint8Array | undefined;
      d.close();
      return v instanceof Uint8Array ? v : null;
    },
    async save(data) {
      const d = await db();
      const tx = d.transaction('snapshots', 'readwrite');
      await tx.store.clear(); // one snapshot at a time: older versions' are dead weight
      await tx.store.put(data, KEY);
      await tx.done;
      d.close();
    },
  };
}
